package dev.plateau.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.trainer.TestData;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.LastCheckpoint;
import dev.plateau.trainer.checkpoint.MetricHistory;
import dev.plateau.trainer.checkpoint.TrainingState;
import dev.plateau.trainer.data.DatasetLoader;
import dev.plateau.trainer.data.IdxReader;
import dev.plateau.trainer.data.InMemoryBatchSource;
import dev.plateau.trainer.model.ModelFactory;
import dev.plateau.trainer.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop on a slice of the real Fashion-MNIST: stopping, checkpoints, resume, crashes. */
class TrainingIT {

  /** 2000 samples (1600 train, 400 validation), 64 hidden units: under a second an epoch. */
  static TrainerConfig config() {
    return TestData.mlpConfig(2000, 30, 3);
  }

  @TempDir Path runs;

  private TrainingSetup setup(
      TrainerConfig config, Path runDir, AtomicFiles.StepHook hook, Interruption interruption) {
    return setup(config, runDir, hook, interruption, line -> {});
  }

  private TrainingSetup setup(
      TrainerConfig config,
      Path runDir,
      AtomicFiles.StepHook hook,
      Interruption interruption,
      java.util.function.Consumer<String> say) {
    return new TrainingSetup(
        config,
        "slice",
        "uid-1",
        TestData.fashionMnist(),
        null,
        runDir,
        Device.cpu(),
        new CheckpointRef("models", "slice/best"),
        interruption,
        hook,
        Clock.systemUTC(),
        say);
  }

  private TrainingResult train(
      TrainerConfig config, Path runDir, AtomicFiles.StepHook hook, ProgressReporter... reporters)
      throws IOException {
    return new Training(
            setup(config, runDir, hook, new Interruption()),
            List.of(reporters),
            DatasetLoader.withDefaults())
        .run();
  }

  /**
   * A reporter that asks {@code interruption} to stop, as SIGTERM does, once {@code step} batches
   * of the epoch after {@code epochsDone} are done.
   */
  static ProgressReporter sigtermAt(Interruption interruption, int epochsDone, int step) {
    return new ProgressReporter() {
      @Override
      public void batch(ProgressSnapshot s) {
        if (s.getEpoch() == epochsDone && s.getStep() == step) {
          interruption.request();
        }
      }
    };
  }

  /** Records what reporters are told. */
  static final class Recorder implements ProgressReporter {
    final List<EpochRecord> epochs = new ArrayList<>();
    final List<ProgressSnapshot> snapshots = new ArrayList<>();
    int batches;
    TrainingResult result;

    @Override
    public void batch(ProgressSnapshot snapshot) {
      batches++;
    }

    @Override
    public void epoch(EpochRecord record, ProgressSnapshot snapshot) {
      epochs.add(record);
      snapshots.add(snapshot);
    }

    @Override
    public void finished(TrainingResult result, ProgressSnapshot snapshot) {
      this.result = result;
    }
  }

  @Test
  void stopsEarlyKeepsTheBestAndReportsEveryEpoch() throws Exception {
    Path runDir = runs.resolve("slice");
    Recorder recorder = new Recorder();

    TrainingResult result = train(config(), runDir, AtomicFiles.StepHook.NONE, recorder);

    assertThat(result.getStopReason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(result.getEpochs()).isLessThan(30);
    assertThat(result.getBestEpoch()).isEqualTo(result.getEpochs() - 3);
    assertThat(result.getTestAccuracy()).isGreaterThan(0.7);
    assertThat(result.getBestCheckpoint().getPath()).isEqualTo("slice/best");
    assertThat(recorder.result).isSameAs(result);
    assertThat(recorder.batches).isEqualTo(result.getEpochs() * 25);
    assertThat(recorder.epochs)
        .extracting(EpochRecord::getEpoch)
        .containsExactlyElementsOf(range(1, result.getEpochs()));
    ProgressSnapshot last = recorder.snapshots.get(recorder.snapshots.size() - 1);
    assertThat(last.getEpochsSinceImprovement()).isEqualTo(3);
    assertThat(last.getBestEpoch()).isEqualTo(result.getBestEpoch());
    assertThat(last.getHistory()).hasSizeLessThanOrEqualTo(ProgressSnapshot.HISTORY_LIMIT);
    assertThat(last.getRunUid()).isEqualTo("uid-1");

    List<EpochRecord> history = MetricHistory.readRecords(runDir.resolve("metrics.jsonl"));
    assertThat(history).hasSize(result.getEpochs());
    assertThat(history)
        .allSatisfy(
            r -> {
              assertThat(r.getEpochSeconds()).isPositive();
              assertThat(r.getSamplesPerSecond()).isPositive();
            });
    TrainingResult onDisk =
        ContractJson.read(Files.readString(runDir.resolve("result.json")), TrainingResult.class);
    assertThat(ContractJson.write(onDisk)).isEqualTo(ContractJson.write(result));
  }

  @Test
  void theBestCheckpointLoadsInPlainDjlAndScoresAsReported() throws Exception {
    Path runDir = runs.resolve("slice");
    TrainingResult result = train(config(), runDir, AtomicFiles.StepHook.NONE);

    BestCheckpoint best = new FileCheckpointStore(runDir).readBest().orElseThrow();
    assertThat(best.epoch()).isEqualTo(result.getBestEpoch());
    try (Model model = Model.newInstance("reloaded")) {
      model.setBlock(
          ModelFactory.build(
              best.info().model(), best.info().sampleShape(), best.info().classes()));
      model.load(runDir.resolve("best"), "model"); // plain DJL: newest model-NNNN.params
      model
          .getBlock()
          .initialize(model.getNDManager(), model.getDataType(), new Shape(1, 1, 28, 28));
      try (NDManager manager = model.getNDManager().newSubManager()) {
        Evaluation test =
            Evaluation.of(
                model.getBlock(),
                Loss.softmaxCrossEntropyLoss(),
                new InMemoryBatchSource(IdxReader.read(TestData.fashionMnist(), "t10k")),
                manager,
                500);
        assertThat(test.accuracy()).isEqualTo(result.getTestAccuracy());
      }
    }
  }

  @Test
  void aRunKilledAfterACheckpointResumesToTheSameEnd() throws Exception {
    TrainingResult uninterrupted = train(config(), runs.resolve("a"), AtomicFiles.StepHook.NONE);
    List<EpochRecord> expected = MetricHistory.readRecords(runs.resolve("a/metrics.jsonl"));
    int killAfter = uninterrupted.getEpochs() / 2;

    Path runDir = runs.resolve("b");
    int[] saves = {0};
    AtomicFiles.StepHook kill =
        step -> {
          if (step.equals("last:cleaned") && ++saves[0] == killAfter) {
            throw new IllegalStateException("killed");
          }
        };
    assertThatThrownBy(() -> train(config(), runDir, kill)).hasMessage("killed");
    assertThat(MetricHistory.readRecords(runDir.resolve("metrics.jsonl"))).hasSize(killAfter);

    TrainingResult resumed = train(config(), runDir, AtomicFiles.StepHook.NONE);

    assertSameRun(expected, uninterrupted, runDir, resumed);
  }

  @Test
  void sigtermMidEpochSavesLastAndTheNextPodContinuesTheEpoch() throws Exception {
    TrainingResult uninterrupted = train(config(), runs.resolve("a"), AtomicFiles.StepHook.NONE);
    List<EpochRecord> expected = MetricHistory.readRecords(runs.resolve("a/metrics.jsonl"));

    Path runDir = runs.resolve("b");
    Interruption interruption = new Interruption();
    ProgressReporter sigterm = sigtermAt(interruption, 2, 10);
    Training first =
        new Training(
            setup(config(), runDir, AtomicFiles.StepHook.NONE, interruption),
            List.of(sigterm),
            DatasetLoader.withDefaults());
    assertThatThrownBy(first::run)
        .isInstanceOf(TrainingInterrupted.class)
        .hasMessageContaining("epoch 3 after 10 batches");
    TrainingState saved = new FileCheckpointStore(runDir).readLast().orElseThrow().state();
    assertThat(saved.epoch()).isEqualTo(2);
    assertThat(saved.step()).isEqualTo(10);

    TrainingResult resumed = train(config(), runDir, AtomicFiles.StepHook.NONE);

    assertSameRun(expected, uninterrupted, runDir, resumed);
  }

  @Test
  void aStopRequestMidEpochEndsAsPrunedKeepingTheBestAndLast() throws Exception {
    Path runDir = runs.resolve("pruned");
    Interruption interruption = new Interruption();
    ProgressReporter pruner =
        new ProgressReporter() {
          @Override
          public void batch(ProgressSnapshot s) {
            if (s.getEpoch() == 2 && s.getStep() == 5) {
              interruption.requestStop(
                  new StopRequest("Pruned", "ASHA: not in the top 1/3 at epoch 2"));
            }
          }
        };
    Recorder recorder = new Recorder();

    TrainingResult result =
        new Training(
                setup(config(), runDir, AtomicFiles.StepHook.NONE, interruption),
                List.of(pruner, recorder),
                DatasetLoader.withDefaults())
            .run();

    assertThat(result.getStopReason()).isEqualTo(StopReason.Pruned);
    assertThat(result.getEpochs()).as("epochs finished before the request").isEqualTo(2);
    assertThat(result.getBestEpoch()).isBetween(1, 2);
    assertThat(result.getBestCheckpoint()).isNotNull();
    assertThat(result.getTestAccuracy()).isNotNull();
    assertThat(result.getMessage())
        .startsWith("pruned after epoch 2: ASHA: not in the top 1/3 at epoch 2; best val_loss");
    assertThat(recorder.result).isEqualTo(result);
    TrainingState last = new FileCheckpointStore(runDir).readLast().orElseThrow().state();
    assertThat(last.epoch()).as("last/ saved mid-epoch 3").isEqualTo(2);
    assertThat(last.step()).isEqualTo(5);
    assertThat(new FileCheckpointStore(runDir).readBest()).isPresent();
  }

  /**
   * Same per-epoch validation losses, stop epoch, best epoch and counter. Tolerance 1e-6: weights,
   * optimizer moments, data order and dropout masks are restored exactly, so the only freedom left
   * is libtorch's summation order across threads, which moves float32 results in the 7th digit at
   * most.
   */
  private static void assertSameRun(
      List<EpochRecord> expected, TrainingResult uninterrupted, Path runDir, TrainingResult resumed)
      throws IOException {
    List<EpochRecord> actual = MetricHistory.readRecords(runDir.resolve("metrics.jsonl"));
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).getEpoch()).isEqualTo(expected.get(i).getEpoch());
      assertThat(actual.get(i).getValLoss())
          .as("val_loss of epoch %d", i + 1)
          .isCloseTo(expected.get(i).getValLoss(), within(1e-6));
      assertThat(actual.get(i).getEpochsSinceImprovement())
          .isEqualTo(expected.get(i).getEpochsSinceImprovement());
    }
    assertThat(resumed.getEpochs()).isEqualTo(uninterrupted.getEpochs());
    assertThat(resumed.getBestEpoch()).isEqualTo(uninterrupted.getBestEpoch());
    assertThat(resumed.getStopReason()).isEqualTo(uninterrupted.getStopReason());
    assertThat(resumed.getTestAccuracy()).isCloseTo(uninterrupted.getTestAccuracy(), within(1e-3));
  }

  @Test
  void aCrashBetweenAnyTwoCheckpointStepsLeavesTheLastCheckpointsLoadable() throws Exception {
    TrainerConfig config = TestData.mlpConfig(600, 4, 10);
    for (String step :
        List.of(
            "best:params",
            "best:metadata",
            "best:cleaned",
            "last:params",
            "last:optimizer",
            "last:state",
            "last:cleaned")) {
      Path runDir = runs.resolve(step.replace(':', '-'));
      int[] seen = {0};
      AtomicFiles.StepHook crash =
          s -> {
            // Let epochs 1 and 2 save; crash in epoch 3's save at this step.
            if (s.equals(step) && ++seen[0] == 3) {
              throw new IOException("crash at " + step);
            }
          };
      assertThatThrownBy(() -> train(config, runDir, crash))
          .as(step)
          .hasMessage("crash at " + step);

      FileCheckpointStore store = new FileCheckpointStore(runDir);
      LastCheckpoint last = store.readLast().orElseThrow();
      BestCheckpoint best = store.readBest().orElseThrow();
      // Until state.json is renamed into place, last/ is still epoch 2's.
      int committed = step.equals("last:state") || step.equals("last:cleaned") ? 3 : 2;
      assertThat(last.state().epoch()).as(step).isEqualTo(committed);
      assertThat(best.epoch()).as(step).isBetween(1, 3);
      assertLoads(store, last, best);

      TrainingResult finished = train(config, runDir, AtomicFiles.StepHook.NONE);
      assertThat(finished.getEpochs()).as(step).isEqualTo(4);
    }
  }

  private static void assertLoads(
      FileCheckpointStore store, LastCheckpoint last, BestCheckpoint best) throws IOException {
    try (Model model = Model.newInstance("check")) {
      model.setBlock(
          ModelFactory.build(
              last.state().info().model(),
              last.state().info().sampleShape(),
              last.state().info().classes()));
      store.loadLastWeights(model, last);
    }
    try (Model model = Model.newInstance("check")) {
      model.setBlock(
          ModelFactory.build(
              best.info().model(), best.info().sampleShape(), best.info().classes()));
      store.loadBest(model, best);
    }
    assertThat(Files.size(store.lastDir().resolve(last.optimizerFile()))).isPositive();
  }

  @Test
  void aRunThatHadEndedDoesNotTrainOnWhenRestarted() throws Exception {
    Path runDir = runs.resolve("slice");
    TrainingResult first = train(config(), runDir, AtomicFiles.StepHook.NONE);
    Files.delete(runDir.resolve("result.json"));
    Recorder recorder = new Recorder();

    TrainingResult again = train(config(), runDir, AtomicFiles.StepHook.NONE, recorder);

    assertThat(recorder.epochs).isEmpty();
    assertThat(again.getEpochs()).isEqualTo(first.getEpochs());
    assertThat(again.getStopReason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(runDir.resolve("result.json")).exists();
  }

  @Test
  void settingsThatRunButMakeNoSenseAreWarnedAbout() throws Exception {
    // 60 samples (48 to train) in batches of 64, a learning rate too small to learn.
    TrainerConfig odd = TestData.mlpConfig(60, 2, 5);
    odd.getTraining().setLearningRate(1e-9);
    List<String> said = new ArrayList<>();
    new Training(
            setup(
                odd, runs.resolve("odd"), AtomicFiles.StepHook.NONE, new Interruption(), said::add),
            List.of(),
            DatasetLoader.withDefaults())
        .run();

    assertThat(said)
        .contains(
            "warning: training.batchSize 64 is larger than the 48 training samples: each epoch is"
                + " one batch of all of them")
        .anyMatch(
            l ->
                l.startsWith("warning: the best model's test accuracy")
                    && l.contains("is near chance (10.0% for 10 classes)"));

    // Two epochs of a model that is still learning: the last one is the best.
    List<String> cut = new ArrayList<>();
    TrainingResult shortRun =
        new Training(
                setup(
                    TestData.mlpConfig(600, 2, 5),
                    runs.resolve("short"),
                    AtomicFiles.StepHook.NONE,
                    new Interruption(),
                    cut::add),
                List.of(),
                DatasetLoader.withDefaults())
            .run();
    assertThat(shortRun.getBestEpoch()).isEqualTo(2);
    assertThat(cut)
        .contains(
            "warning: val_loss still improved at the last epoch (2): raise training.maxEpochs to"
                + " train longer")
        .noneMatch(l -> l.contains("near chance"));
  }

  @Test
  void aResumeIntoAnotherTrainingIsRefusedNamingEachChange() throws Exception {
    // cases/C-3: the manifest edited between the stop and --resume.
    Path runDir = runs.resolve("changed");
    train(TestData.mlpConfig(600, 2, 5), runDir, AtomicFiles.StepHook.NONE);
    TrainerConfig wider = TestData.mlpConfig(600, 2, 5);
    wider.getModel().setHiddenLayers(List.of(128));
    wider.getTraining().setLearningRate(0.01);

    assertThatThrownBy(() -> train(wider, runDir, AtomicFiles.StepHook.NONE))
        .isInstanceOf(dev.plateau.trainer.InvalidInputException.class)
        .hasMessageContaining("last/ was trained with other settings")
        .hasMessageContaining("model.hiddenLayers: [64] in last/, [128] now")
        .hasMessageContaining("training.learningRate: 0.002 in last/, 0.01 now")
        .hasMessageContaining("start afresh");
    TrainerConfig shorter = TestData.mlpConfig(600, 1, 5);
    assertThatThrownBy(() -> train(shorter, runDir, AtomicFiles.StepHook.NONE))
        .hasMessageContaining("training.maxEpochs: 2 in last/, 1 now");
  }

  @Test
  void aResumeMayRaiseMaxEpochsAndWriteDefaultsOut() throws Exception {
    Path runDir = runs.resolve("longer");
    TrainingResult first = train(TestData.mlpConfig(600, 2, 5), runDir, AtomicFiles.StepHook.NONE);
    assertThat(first.getStopReason()).isEqualTo(StopReason.MaxEpochsReached);
    TrainerConfig longer = TestData.mlpConfig(600, 4, 5);
    // The same settings as a newer operator might render them: defaults written out.
    longer.getEarlyStopping().setMonitor(dev.plateau.api.v1alpha1.Monitor.VAL_LOSS);
    longer.getEarlyStopping().setStopOnNonFinite(true);
    longer.getTraining().setOptimizer(dev.plateau.api.v1alpha1.OptimizerType.ADAM);
    longer.getDataset().setFormat(dev.plateau.api.v1alpha1.DatasetFormat.IDX);

    TrainingResult resumed = train(longer, runDir, AtomicFiles.StepHook.NONE);

    assertThat(resumed.getEpochs()).isEqualTo(4);
    assertThat(MetricHistory.readRecords(runDir.resolve("metrics.jsonl")))
        .extracting(EpochRecord::getEpoch)
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void aRunWithNoFiniteValueIsNeverASuccessEvenWhenNaNMayNotStopIt() throws Exception {
    // cases/ES-3b: stopOnNonFinite: false, the monitor NaN in every epoch.
    TrainerConfig config = TestData.mlpConfig(2000, 3, 2);
    config.getTraining().setOptimizer(dev.plateau.api.v1alpha1.OptimizerType.SGD);
    config.getTraining().setLearningRate(10.0);
    config.getTraining().setMomentum(0.9);
    config.getTraining().setWeightDecay(1.0);
    config.getEarlyStopping().setStopOnNonFinite(false);

    TrainingResult result = train(config, runs.resolve("nan-all"), AtomicFiles.StepHook.NONE);

    assertThat(result.getStopReason()).isEqualTo(StopReason.NonFiniteMetric);
    assertThat(result.getEpochs()).isEqualTo(2);
    assertThat(result.getBestEpoch()).isNull();
    assertThat(result.getBestCheckpoint()).isNull();
    assertThat(result.getMessage()).contains("no epoch gave a finite val_loss");
  }

  @Test
  void aDivergingRunStopsWithNonFiniteMetricAndKeepsWhatItHad() throws Exception {
    TrainerConfig config = TestData.mlpConfig(2000, 5, 3);
    config.getTraining().setOptimizer(dev.plateau.api.v1alpha1.OptimizerType.SGD);
    config.getTraining().setLearningRate(10.0);
    config.getTraining().setMomentum(0.9);
    // Decay 1 at rate 10 multiplies the weights by about -9 per step: overflow within an epoch.
    config.getTraining().setWeightDecay(1.0);

    TrainingResult result = train(config, runs.resolve("nan"), AtomicFiles.StepHook.NONE);

    assertThat(result.getStopReason()).isEqualTo(StopReason.NonFiniteMetric);
    assertThat(result.getEpochs()).isEqualTo(1);
    assertThat(result.getBestEpoch()).isNull();
    assertThat(result.getMessage()).contains("became NaN or infinite");
    List<EpochRecord> history = MetricHistory.readRecords(runs.resolve("nan/metrics.jsonl"));
    assertThat(history.get(0).getValLoss()).as("NaN is written as absent").isNull();
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> r = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      r.add(i);
    }
    return r;
  }
}
