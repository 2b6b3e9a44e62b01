package dev.plateau.trainer.loop;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.EarlyStoppingRule;
import dev.plateau.api.contract.EarlyStoppingState;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingSpec;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.LastCheckpoint;
import dev.plateau.trainer.checkpoint.ModelInfo;
import dev.plateau.trainer.data.Batch;
import dev.plateau.trainer.data.BatchSource;
import dev.plateau.trainer.data.PreparedData;
import dev.plateau.trainer.data.Split;
import dev.plateau.trainer.optimizer.StatefulAdam;
import dev.plateau.trainer.optimizer.StatefulOptimizer;
import dev.plateau.trainer.progress.MetricsJsonlReporter;
import dev.plateau.trainer.progress.ProgressReporter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The epoch loop of one model: train, validate, early stopping and ReduceLROnPlateau, best and last
 * checkpoints, report; at the end the best weights on the test set and {@code result.json}. Holds
 * the state that changes from epoch to epoch.
 */
final class EpochLoop {
  private final TrainingSetup setup;
  private final List<ProgressReporter> reporters;
  private final Model model;
  private final Trainer trainer;
  private final StatefulOptimizer optimizer;
  private final PreparedData data;
  private final ModelInfo info;
  private final EarlyStoppingRule rule;
  private final LearningRateOnPlateau plateau;
  private final FileCheckpointStore store;
  private final MetricsJsonlReporter metrics;
  private final ProgressTracker tracker;
  private final int batchSize;
  private final long seed;
  private final int maxEpochs;

  private EarlyStoppingState state = EarlyStoppingState.INITIAL;
  private EarlyStoppingState plateauState = EarlyStoppingState.INITIAL;
  private int startEpoch = 1;
  private int startStep;
  private double resumedLossSum;
  private long resumedSamples;
  private StopReason lastStop;
  private boolean firstBatchSeen;

  EpochLoop(
      TrainingSetup setup,
      List<ProgressReporter> reporters,
      Model model,
      Trainer trainer,
      StatefulOptimizer optimizer,
      FileCheckpointStore store,
      PreparedData data,
      ModelInfo info,
      EarlyStoppingSpec earlyStopping) {
    this.setup = setup;
    this.reporters = reporters;
    this.model = model;
    this.trainer = trainer;
    this.optimizer = optimizer;
    this.data = data;
    this.info = info;
    this.rule = EarlyStoppingRule.of(earlyStopping);
    TrainingSpec training = setup.config().getTraining();
    this.plateau =
        training.getReduceLROnPlateau() == null
            ? null
            : new LearningRateOnPlateau(training.getReduceLROnPlateau(), rule.mode(), rule.delta());
    this.store = store;
    this.metrics = MetricsJsonlReporter.inRunDir(setup.runDir());
    this.batchSize = training.batchSizeOrDefault();
    this.seed = training.seedOrDefault();
    this.maxEpochs = training.maxEpochsOrDefault();
    this.tracker =
        new ProgressTracker(
            setup.runUid(),
            maxEpochs,
            earlyStopping.monitorOrDefault(),
            rule.mode(),
            rule.patience(),
            data.train().batchCount(batchSize),
            optimizer.learningRate(),
            setup.clock());
  }

  TrainingResult run(Optional<LastCheckpoint> last) throws IOException {
    StopReason stop = last.isPresent() ? resume(last.get()) : null;
    int epoch = startEpoch - 1;
    while (stop == null && epoch < maxEpochs) {
      epoch++;
      stop = epoch(epoch);
      startStep = 0;
      resumedLossSum = 0;
      resumedSamples = 0;
    }
    return finish(stop == null ? StopReason.MaxEpochsReached : stop, epoch);
  }

  /** Restores the training state of last/; returns the stop reason if training had ended. */
  private StopReason resume(LastCheckpoint l) throws IOException {
    optimizer.setLearningRate(l.learningRate());
    state = l.earlyStopping();
    plateauState = l.plateau() == null ? EarlyStoppingState.INITIAL : l.plateau();
    startEpoch = l.epoch() + 1;
    startStep = l.step();
    resumedLossSum = l.trainLossSum();
    resumedSamples = l.trainSamples();
    MetricsJsonlReporter.truncateAfter(metrics.file(), l.epoch());
    tracker.restore(MetricsJsonlReporter.readRecords(metrics.file()), state, l.learningRate());
    if (l.stopReason() != null) {
      setup
          .say()
          .accept(
              "training had ended at epoch "
                  + l.epoch()
                  + " ("
                  + l.stopReason()
                  + "); writing its result");
    } else {
      setup
          .say()
          .accept(
              "resuming from "
                  + store.lastDir()
                  + ": epoch "
                  + startEpoch
                  + (startStep > 0 ? ", batch " + startStep : "")
                  + ", "
                  + state.counter()
                  + " epochs since improvement");
    }
    return l.stopReason();
  }

  private StopReason epoch(int epoch) throws IOException {
    long started = System.nanoTime();
    int[] order = Split.epochOrder(data.train().size(), seed, epoch);
    double lossSum = resumedLossSum;
    long samples = resumedSamples;
    int step = startStep;
    // Via its decimal form: 0.001f widened directly prints as 0.0010000000474974513.
    double learningRate = Double.parseDouble(Float.toString(optimizer.learningRate()));
    long waitingNanos = 0;
    try (NDManager manager = model.getNDManager().newSubManager();
        BatchSource.Batches batches = data.train().batches(manager, order, batchSize, startStep)) {
      while (batches.hasNext()) {
        if (setup.interruption().requested()) {
          saveLast(epoch - 1, step, lossSum, samples);
          throw new TrainingInterrupted(epoch, step);
        }
        long waitStart = System.nanoTime();
        Batch next = batches.next();
        waitingNanos += System.nanoTime() - waitStart;
        if (!firstBatchSeen) {
          firstBatchSeen = true;
          setup
              .say()
              .accept(
                  String.format(
                      java.util.Locale.ROOT,
                      "first batch %.1f s after the process started",
                      java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
                          / 1000.0));
        }
        try (Batch batch = next) {
          // Dropout masks depend only on (seed, epoch, step): a resumed run draws the same.
          Engine.getInstance().setRandomSeed(stepSeed(epoch, step));
          lossSum += trainStep(batch);
          samples += batch.size();
        }
        step++;
        ProgressReporters.batch(reporters, tracker.snapshot(step));
      }
    }
    double trainLoss = lossSum / Math.max(1, samples);
    Evaluation validation;
    try (NDManager manager = model.getNDManager().newSubManager()) {
      validation =
          Evaluation.of(
              model.getBlock(), trainer.getLoss(), data.validation(), manager, evalBatchSize());
    }
    double value =
        switch (setup.config().getEarlyStopping().monitorOrDefault()) {
          case VAL_LOSS -> validation.loss();
          case VAL_ACCURACY -> validation.accuracy();
          case TRAIN_LOSS -> trainLoss;
        };
    EarlyStoppingRule.Decision decision = rule.observe(state, epoch, value);
    state = decision.state();
    if (decision.improved()) {
      store.saveBest(
          model,
          epoch,
          new FileCheckpointStore.BestMetadata(
              setup.config().getEarlyStopping().monitorOrDefault(), rule.mode(), value, info));
    }
    if (plateau != null) {
      LearningRateOnPlateau.Step next = plateau.observe(plateauState, epoch, value, learningRate);
      plateauState = next.state();
      optimizer.setLearningRate((float) next.learningRate());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    EpochRecord record = new EpochRecord();
    record.setEpoch(epoch);
    record.setTrainLoss(ContractJson.finiteOrNull(trainLoss));
    record.setValLoss(ContractJson.finiteOrNull(validation.loss()));
    record.setValAccuracy(ContractJson.finiteOrNull(validation.accuracy()));
    record.setLearningRate(learningRate);
    record.setEpochSeconds(seconds);
    record.setSamplesPerSecond((samples - resumedSamples) / seconds);
    record.setDataWaitSeconds(waitingNanos / 1e9);
    record.setImproved(decision.improved());
    record.setEpochsSinceImprovement(state.counter());
    record.setTime(setup.clock().instant().toString());
    // History first, then the commit point: a resumed run cuts the history back to last/.
    metrics.epoch(record, null);
    lastStop =
        decision.stop() != null
            ? decision.stop()
            : (epoch >= maxEpochs ? StopReason.MaxEpochsReached : null);
    saveLast(epoch, 0, 0, 0);
    tracker.epochDone(record, state, optimizer.learningRate());
    ProgressReporters.epoch(reporters, record, tracker.snapshot(0));
    return decision.stop();
  }

  /** One optimizer step; returns the batch's summed loss. */
  private double trainStep(Batch batch) {
    double value;
    try (GradientCollector collector = trainer.newGradientCollector()) {
      NDList predictions = trainer.forward(batch.data(), batch.label());
      NDArray loss = trainer.getLoss().evaluate(batch.label(), predictions);
      collector.backward(loss);
      value = loss.getFloat() * (double) batch.size();
    }
    // Outside the collector: the update must not be recorded by autograd.
    if (optimizer instanceof StatefulAdam adam) {
      adam.beginStep();
    }
    trainer.step();
    return value;
  }

  private void saveLast(int finishedEpoch, int step, double lossSum, long samples)
      throws IOException {
    store.saveLast(
        model,
        optimizer,
        new LastCheckpoint(
            finishedEpoch,
            step,
            lossSum,
            samples,
            optimizer.learningRate(),
            state,
            plateau == null ? null : plateauState,
            step == 0 ? lastStop : null,
            null,
            null,
            info));
  }

  private TrainingResult finish(StopReason stop, int epochs) throws IOException {
    TrainingResult result = new TrainingResult();
    result.setStopReason(stop);
    result.setEpochs(epochs);
    result.setMonitor(setup.config().getEarlyStopping().monitorOrDefault());
    result.setMode(rule.mode());
    Optional<BestCheckpoint> best = store.readBest();
    if (best.isPresent() && state.hasBest()) {
      result.setBestEpoch(best.get().epoch());
      result.setBestMetric(ContractJson.finiteOrNull(best.get().value()));
      result.setBestCheckpoint(setup.bestCheckpoint());
      if (data.test() != null) {
        Evaluation test =
            Evaluation.ofBest(
                store.bestDir(), best.get(), data.test(), setup.device(), evalBatchSize());
        result.setTestAccuracy(ContractJson.finiteOrNull(test.accuracy()));
        result.setTestLoss(ContractJson.finiteOrNull(test.loss()));
      }
    }
    result.setMessage(Summary.of(result, rule));
    store.writeResult(result);
    ProgressReporters.finished(reporters, result, tracker.snapshot(0));
    return result;
  }

  private int stepSeed(int epoch, int step) {
    return (int) (seed * 1_000_003L + epoch * 100_003L + step);
  }

  private int evalBatchSize() {
    return Math.max(batchSize, 256);
  }
}
