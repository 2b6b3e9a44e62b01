package dev.plateau.trainer.loop;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.EarlyStoppingRule;
import dev.plateau.api.contract.EarlyStoppingState;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingSpec;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.LastCheckpoint;
import dev.plateau.trainer.checkpoint.MetricHistory;
import dev.plateau.trainer.checkpoint.ModelInfo;
import dev.plateau.trainer.checkpoint.TrainingState;
import dev.plateau.trainer.data.Batch;
import dev.plateau.trainer.data.BatchSource;
import dev.plateau.trainer.data.PreparedData;
import dev.plateau.trainer.data.Split;
import dev.plateau.trainer.model.CrossEntropyLoss;
import dev.plateau.trainer.optimizer.StatefulOptimizer;
import dev.plateau.trainer.progress.ProgressReporter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The epoch loop of one model, in the shape of DJL's {@code EasyTrain.fit}: each epoch a training
 * pass, a validation pass, then the epoch is recorded (early stopping and ReduceLROnPlateau decide,
 * best and last checkpoints, history, reporters). At the end the best weights are scored on the
 * test set and {@code result.json} is written. Holds the state that changes from epoch to epoch.
 */
final class EpochLoop {
  private final TrainingSetup setup;
  private final List<ProgressReporter> reporters;
  private final Model model;
  private final TrainStep step;
  private final StatefulOptimizer optimizer;
  private final PreparedData data;
  private final ModelInfo info;
  private final Monitor monitor;
  private final EarlyStoppingRule rule;
  private final LearningRateOnPlateau plateau;
  private final FileCheckpointStore store;
  private final MetricHistory history;
  private final ProgressTracker tracker;
  private final RunningEpoch running;

  /** Training was asked to stop (a stop request); last/ is saved. */
  private static final class StopRequested extends RuntimeException {
    private final transient StopRequest request;

    StopRequested(StopRequest request) {
      super(request.message(), null, false, false);
      this.request = request;
    }

    StopRequest request() {
      return request;
    }
  }

  private final StepProfile profile;
  private final com.fasterxml.jackson.databind.JsonNode definition;
  private final int batchSize;
  private final long seed;
  private final int maxEpochs;

  private EarlyStoppingState state = EarlyStoppingState.INITIAL;
  private EarlyStoppingState plateauState = EarlyStoppingState.INITIAL;
  private boolean firstBatchSeen;
  private Double bestValidationAccuracy;

  EpochLoop(
      TrainingSetup setup,
      List<ProgressReporter> reporters,
      Model model,
      StatefulOptimizer optimizer,
      FileCheckpointStore store,
      PreparedData data,
      ModelInfo info,
      EarlyStoppingSpec earlyStopping,
      com.fasterxml.jackson.databind.JsonNode definition) {
    this.setup = setup;
    this.reporters = reporters;
    this.model = model;
    this.optimizer = optimizer;
    this.data = data;
    this.info = info;
    this.monitor = earlyStopping.monitorOrDefault();
    this.rule = EarlyStoppingRule.of(earlyStopping);
    TrainingSpec training = setup.config().getTraining();
    this.plateau =
        training.getReduceLROnPlateau() == null
            ? null
            : new LearningRateOnPlateau(training.getReduceLROnPlateau(), rule.mode(), rule.delta());
    this.store = store;
    this.history = MetricHistory.inRunDir(setup.runDir());
    this.batchSize = training.batchSizeOrDefault();
    this.seed = training.seedOrDefault();
    this.maxEpochs = training.maxEpochsOrDefault();
    this.profile = new StepProfile();
    this.definition = definition;
    this.step = new TrainStep(model.getBlock(), model.getNDManager(), optimizer, profile);
    this.running = new RunningEpoch(step, data.train().batchCount(batchSize));
    this.tracker =
        new ProgressTracker(
            setup.runUid(),
            maxEpochs,
            monitor,
            rule.mode(),
            rule.patience(),
            rule.minEpochs(),
            data.train().batchCount(batchSize),
            optimizer.learningRate(),
            setup.clock(),
            setup.bestCheckpoint());
  }

  TrainingResult run(Optional<LastCheckpoint> last) throws IOException {
    setup.interruption().training(true);
    try (step) {
      ResumePoint from = ResumePoint.START;
      StopReason stop = null;
      if (last.isPresent()) {
        from = ResumePoint.after(last.get().state());
        stop = resume(last.get().state(), from);
      }
      int epoch = from.epoch() - 1;
      while (stop == null && epoch < maxEpochs) {
        epoch = from.epoch();
        TrainingPass train;
        try {
          train = train(from);
        } catch (StopRequested requested) {
          // Pruned by a sweep, or EarlyStopped by early stopping the operator enforces.
          return finish(requested.request().stopReason(), epoch - 1, requested.request());
        }
        Evaluation validation = validate();
        stop = record(epoch, train, validation);
        from = from.next();
      }
      return finish(stop == null ? StopReason.MaxEpochsReached : stop, epoch);
    } finally {
      setup.interruption().training(false);
    }
  }

  /** Restores the training state of last/; returns the stop reason if training had ended. */
  private StopReason resume(TrainingState l, ResumePoint from) throws IOException {
    optimizer.setLearningRate(l.learningRate());
    state = l.earlyStopping();
    plateauState = l.plateau() == null ? EarlyStoppingState.INITIAL : l.plateau();
    MetricHistory.truncateAfter(history.file(), l.epoch());
    tracker.restore(MetricHistory.readRecords(history.file()), state, l.learningRate());
    StopReason stop = l.stopReason();
    if (stop == StopReason.MaxEpochsReached && l.epoch() < maxEpochs) {
      say("maxEpochs raised from " + l.epoch() + " to " + maxEpochs + ": training on");
      stop = null;
    }
    if (stop != null) {
      say(
          "training had ended at epoch "
              + l.epoch()
              + " ("
              + l.stopReason()
              + "); writing its result");
    } else {
      say(
          "resuming from "
              + store.lastDir()
              + ": epoch "
              + from.epoch()
              + (from.step() > 0 ? ", batch " + from.step() : "")
              + ", "
              + state.counter()
              + " epochs since improvement");
    }
    return stop;
  }

  /**
   * What a training pass measured.
   *
   * @param loss mean training loss per sample over the epoch's batches
   * @param samples samples trained in this process (a resumed epoch counts only its own)
   * @param startedNanos {@link System#nanoTime()} when the pass started
   * @param dataWaitSeconds seconds spent waiting for batches
   * @param learningRate the learning rate of the pass
   */
  private record TrainingPass(
      double loss, long samples, long startedNanos, double dataWaitSeconds, double learningRate) {}

  /** Trains one epoch from {@code from}; saves last/ and throws when interrupted. */
  private TrainingPass train(ResumePoint from) throws IOException {
    long started = System.nanoTime();
    int epoch = from.epoch();
    int[] order = Split.epochOrder(data.train().size(), seed, epoch);
    long samples = from.samples();
    int done = from.step();
    // Via its decimal form: 0.001f widened directly prints as 0.0010000000474974513.
    double learningRate = Double.parseDouble(Float.toString(optimizer.learningRate()));
    long waitingNanos = 0;
    step.startEpoch(from.lossSum());
    running.start(from, started);
    try (NDManager manager = model.getNDManager().newSubManager();
        BatchSource.Batches batches = data.train().batches(manager, order, batchSize, done)) {
      while (batches.hasNext()) {
        if (setup.interruption().requested()) {
          saveLast(epoch - 1, done, step.lossSum(), samples, null);
          StopRequest request = setup.interruption().stopRequest();
          if (request != null) {
            throw new StopRequested(request);
          }
          throw new TrainingInterrupted(setup.interruption().signal(), epoch, done);
        }
        long waitStart = System.nanoTime();
        Batch next = batches.next();
        long waited = System.nanoTime() - waitStart;
        waitingNanos += waited;
        profile.add(StepProfile.Phase.BATCH, waited);
        sayFirstBatch();
        try (Batch batch = next) {
          // Dropout masks depend only on (seed, epoch, step): a resumed run draws the same.
          step.run(batch, stepSeed(epoch, done));
          samples += batch.size();
        }
        done++;
        long reporting = System.nanoTime();
        running.batchDone(done, samples, reporting);
        ProgressReporters.batch(reporters, tracker.snapshot(done), running);
        profile.add(StepProfile.Phase.BOOKKEEPING, System.nanoTime() - reporting);
        profile.stepDone();
      }
    }
    profile.training(System.nanoTime() - started);
    return new TrainingPass(
        step.lossSum() / Math.max(1, samples),
        samples - from.samples(),
        started,
        waitingNanos / 1e9,
        learningRate);
  }

  /** Loss and accuracy on the validation set, in inference mode. */
  private Evaluation validate() {
    long started = System.nanoTime();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      return Evaluation.of(
          model.getBlock(), new CrossEntropyLoss(), data.validation(), manager, evalBatchSize());
    } finally {
      profile.validation(System.nanoTime() - started);
    }
  }

  /**
   * Records a finished epoch: the early-stopping decision, the best checkpoint when it improved,
   * ReduceLROnPlateau, the history line, last/ (the commit point) and the reporters.
   *
   * @return why training stops after this epoch, or null to go on
   */
  private StopReason record(int epoch, TrainingPass train, Evaluation validation)
      throws IOException {
    EpochRecord record = new EpochRecord();
    record.setEpoch(epoch);
    record.setTrainLoss(ContractJson.finiteOrNull(train.loss()));
    record.setValLoss(ContractJson.finiteOrNull(validation.loss()));
    record.setValAccuracy(ContractJson.finiteOrNull(validation.accuracy()));
    record.setLearningRate(train.learningRate());
    Double monitored = monitor.valueIn(record);
    double value = monitored == null ? Double.NaN : monitored;
    EarlyStoppingRule.Decision decision = rule.observe(state, epoch, value);
    state = decision.state();
    if (decision.improved()) {
      bestValidationAccuracy = record.getValAccuracy();
      store.saveBest(
          model, epoch, new FileCheckpointStore.BestMetadata(monitor, rule.mode(), value, info));
    }
    if (plateau != null) {
      LearningRateOnPlateau.Step next =
          plateau.observe(plateauState, epoch, value, train.learningRate());
      plateauState = next.state();
      optimizer.setLearningRate((float) next.learningRate());
    }
    // The epoch's time: training, validation and the best checkpoint.
    double seconds = (System.nanoTime() - train.startedNanos()) / 1e9;
    record.setEpochSeconds(seconds);
    record.setSamplesPerSecond(train.samples() / seconds);
    record.setDataWaitSeconds(train.dataWaitSeconds());
    record.setImproved(decision.improved());
    record.setEpochsSinceImprovement(state.counter());
    record.setTime(setup.clock().instant().toString());
    // History first, then the commit point: a resumed run cuts the history back to last/.
    history.append(record);
    StopReason stop =
        decision.stop() != null
            ? decision.stop()
            : (epoch >= maxEpochs ? StopReason.MaxEpochsReached : null);
    saveLast(epoch, 0, 0, 0, stop);
    tracker.epochDone(record, state, optimizer.learningRate());
    ProgressReporters.epoch(reporters, record, tracker.snapshot(0));
    if (setup.diagnostics().profile()) {
      say(profile.describe(epoch));
    }
    profile.reset();
    return decision.stop();
  }

  private void saveLast(int finishedEpoch, int done, double lossSum, long samples, StopReason stop)
      throws IOException {
    store.saveLast(
        model,
        optimizer,
        new TrainingState(
            finishedEpoch,
            done,
            lossSum,
            samples,
            optimizer.learningRate(),
            state,
            plateau == null ? null : plateauState,
            stop,
            info,
            definition));
  }

  private TrainingResult finish(StopReason stop, int epochs) throws IOException {
    return finish(stop, epochs, null);
  }

  /**
   * @param request the stop request a Pruned run stopped on (its message goes into the result's),
   *     or null
   */
  private TrainingResult finish(StopReason stop, int epochs, StopRequest request)
      throws IOException {
    TrainingResult result = new TrainingResult();
    // No finite monitored value in any epoch: no model to keep, whatever stopped the loop
    // (stopOnNonFinite: false only postpones the verdict). Never a success.
    result.setStopReason(
        state.hasBest() || stop == StopReason.Pruned ? stop : StopReason.NonFiniteMetric);
    result.setEpochs(epochs);
    result.setMonitor(monitor);
    result.setMode(rule.mode());
    Optional<BestCheckpoint> best = store.readBest();
    if (best.isPresent() && state.hasBest()) {
      result.setBestEpoch(best.get().epoch());
      result.setBestMetric(ContractJson.finiteOrNull(best.get().value()));
      result.setBestCheckpoint(setup.bestCheckpoint());
      if (info.model().getTorchscript() != null) {
        store.writeServable(best.get(), setup.config().getDataset().getFormat(), setup.device());
        CheckpointRef bestDir = setup.bestCheckpoint();
        result.setBestModel(
            new CheckpointRef(
                bestDir.getClaimName(),
                bestDir.getPath() + "/" + FileCheckpointStore.SERVABLE_MODEL));
      }
      if (data.test() != null) {
        Evaluation test =
            Evaluation.ofBest(
                store.bestDir(), best.get(), data.test(), setup.device(), evalBatchSize());
        result.setTestAccuracy(ContractJson.finiteOrNull(test.accuracy()));
        result.setTestLoss(ContractJson.finiteOrNull(test.loss()));
      }
    }
    result.setMessage(Summary.of(result, rule, request));
    warnAboutTheEnd(result);
    store.writeResult(result);
    ProgressReporters.finished(reporters, result, tracker.snapshot(0));
    return result;
  }

  /**
   * Endings that run but deserve a second look: cut short while improving, or no better than
   * chance.
   */
  private void warnAboutTheEnd(TrainingResult result) {
    if (result.getStopReason() == StopReason.MaxEpochsReached
        && result.getBestEpoch() != null
        && result.getBestEpoch() == result.getEpochs()
        && result.getEpochs() > 1) {
      say(
          "warning: "
              + monitor
              + " still improved at the last epoch ("
              + result.getEpochs()
              + "): raise training.maxEpochs to train longer");
    }
    Double accuracy =
        result.getTestAccuracy() != null ? result.getTestAccuracy() : bestValidationAccuracy;
    double chance = 1.0 / data.classes();
    if (accuracy != null && data.classes() >= 2 && accuracy < 1.5 * chance) {
      say(
          String.format(
              java.util.Locale.ROOT,
              "warning: the best model's %s accuracy %.1f%% is near chance (%.1f%% for %d"
                  + " classes): check the labels, the learning rate and the data's scaling",
              result.getTestAccuracy() != null ? "test" : "validation",
              100 * accuracy,
              100 * chance,
              data.classes()));
    }
  }

  private void sayFirstBatch() {
    if (!firstBatchSeen) {
      firstBatchSeen = true;
      say(
          String.format(
              Locale.ROOT,
              "first batch %.1f s after the process started",
              ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
    }
  }

  private void say(String line) {
    setup.say().accept(line);
  }

  private int stepSeed(int epoch, int step) {
    return (int) (seed * 1_000_003L + epoch * 100_003L + step);
  }

  private int evalBatchSize() {
    return Math.max(batchSize, 256);
  }
}
