package dev.plateau.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ModelSpec;
import dev.plateau.api.v1alpha1.TorchScriptModel;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.trainer.InvalidInputException;
import dev.plateau.trainer.TestData;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.MetricHistory;
import dev.plateau.trainer.data.DatasetLoader;
import dev.plateau.trainer.data.IdxReader;
import dev.plateau.trainer.data.InMemoryBatchSource;
import dev.plateau.trainer.model.CrossEntropyLoss;
import dev.plateau.trainer.progress.ProgressReporter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's TorchScript module trained by Plateau's loop, on a slice of Fashion-MNIST. */
class TorchScriptTrainingIT {

  /** 640 samples, 20% for validation: 512 training samples, 8 batches of 64. */
  private static final int SAMPLES = 640;

  private static final int BATCHES = 8;

  @TempDir Path runs;

  @Test
  void trainsTheModuleInTrainingModeAndHandsBackAServableBestModel() throws Exception {
    Path runDir = runs.resolve("slice");

    TrainingResult result = train(config("small_cnn.pt", 1, List.of()), runDir, new Interruption());

    assertThat(result.getEpochs()).isEqualTo(1);
    assertThat(result.getBestModel().getPath()).isEqualTo("slice/best/model.pt");
    assertThat(result.getBestModel().getClaimName()).isEqualTo("models");
    Path servable = runDir.resolve("best/model.pt");
    assertThat(servable).isRegularFile();
    assertThat(Files.readString(runDir.resolve("best/preprocessing.json")))
        .contains("\"input\" : \"float32 (N, 1, 28, 28)\"")
        .contains("\"pixelScale\" : 0.00392156862745098");
    try (NDManager manager = NDManager.newBaseManager()) {
      PtSymbolBlock module =
          JniUtils.loadModule(
              (PtNDManager) manager, servable, true, new String[0], new String[0], false);
      // The module was saved in eval mode: BatchNorm counted every batch of epoch 1 only if
      // Plateau put it into training mode.
      try (IValue tracked = IValueUtils.runMethod(module, "batches_tracked")) {
        assertThat(tracked.toLong()).isEqualTo(BATCHES);
      }
      Evaluation test =
          Evaluation.of(
              module,
              new CrossEntropyLoss(),
              new InMemoryBatchSource(IdxReader.read(TestData.fashionMnist(), "t10k")),
              manager,
              256);
      assertThat(test.accuracy())
          .as("model.pt scores as Plateau reported")
          .isEqualTo(result.getTestAccuracy())
          .isGreaterThan(0.3);
    }
  }

  @Test
  void sigtermMidEpochResumesToTheSameValues() throws Exception {
    TrainingResult uninterrupted =
        train(config("small_cnn.pt", 3, List.of()), runs.resolve("a"), new Interruption());
    List<EpochRecord> expected = MetricHistory.readRecords(runs.resolve("a/metrics.jsonl"));

    Path runDir = runs.resolve("b");
    Interruption interruption = new Interruption();
    ProgressReporter sigterm = TrainingIT.sigtermAt(interruption, 1, 3);
    assertThatThrownBy(
            () ->
                new Training(
                        setup(config("small_cnn.pt", 3, List.of()), runDir, interruption),
                        List.of(sigterm),
                        DatasetLoader.withDefaults())
                    .run())
        .isInstanceOf(TrainingInterrupted.class)
        .hasMessageContaining("epoch 2 after 3 batches");

    TrainingResult resumed =
        train(config("small_cnn.pt", 3, List.of()), runDir, new Interruption());

    List<EpochRecord> actual = MetricHistory.readRecords(runDir.resolve("metrics.jsonl"));
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).getValLoss())
          .as("val_loss of epoch %d", i + 1)
          .isCloseTo(expected.get(i).getValLoss(), within(1e-6));
      assertThat(actual.get(i).getTrainLoss())
          .as("train_loss of epoch %d", i + 1)
          .isCloseTo(expected.get(i).getTrainLoss(), within(1e-6));
    }
    assertThat(resumed.getTestAccuracy()).isEqualTo(uninterrupted.getTestAccuracy());
  }

  @Test
  void frozenPrefixesKeepTheirWeights() throws Exception {
    Path runDir = runs.resolve("frozen");

    train(config("small_cnn.pt", 1, List.of("features.")), runDir, new Interruption());

    Map<String, float[]> before = parameters(fixture("small_cnn.pt"), null);
    Map<String, float[]> after = parameters(runDir.resolve("best"), runDir);
    assertThat(before.keySet()).anyMatch(k -> k.startsWith("features.")).hasSize(after.size());
    before.forEach(
        (name, values) -> {
          if (name.startsWith("features.")) {
            assertThat(after.get(name)).as(name).containsExactly(values);
          } else {
            assertThat(after.get(name)).as(name).isNotEqualTo(values);
          }
        });
  }

  @Test
  void refusesWhatCannotTrainBeforeTheFirstBatch() {
    assertThatThrownBy(
            () ->
                train(
                    config("not_torchscript.pt", 1, List.of()),
                    runs.resolve("x"),
                    new Interruption()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not_torchscript.pt is not a TorchScript file")
        .hasMessageContaining("torch.jit.save");
    assertThatThrownBy(
            () ->
                train(
                    config("small_cnn_5_classes.pt", 1, List.of()),
                    runs.resolve("y"),
                    new Interruption()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("returns shape (2, 5)")
        .hasMessageContaining("the dataset has 10 classes");
    assertThatThrownBy(
            () -> train(config("tabular.pt", 1, List.of()), runs.resolve("z"), new Interruption()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot take the data's input batch of shape (2, 1, 28, 28)")
        .hasMessageNotContaining("Exception raised from");
    assertThatThrownBy(
            () ->
                train(
                    config("small_cnn_float64.pt", 1, List.of()),
                    runs.resolve("w"),
                    new Interruption()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is float64; Plateau trains float32 parameters");
    assertThatThrownBy(
            () ->
                train(
                    config("small_cnn.pt", 1, List.of("encoder.")),
                    runs.resolve("v"),
                    new Interruption()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("prefix 'encoder.' matches no parameter")
        .hasMessageContaining("features.0.weight");
  }

  @Test
  void aModuleFailingOnALaterBatchEndsWithInvalidInputAndLibtorchsSentence() {
    // 512 training samples in batches of 73 leave a last batch of one: BatchNorm1d refuses it.
    TrainerConfig config = config("mlp_batchnorm1d.pt", 1, List.of());
    config.getTraining().setBatchSize(73);

    assertThatThrownBy(() -> train(config, runs.resolve("one"), new Interruption()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the module failed on a training batch of shape (1, 1, 28, 28)")
        .hasMessageContaining("Expected more than 1 value per channel when training")
        .hasMessageContaining("choose a batchSize that leaves more than one")
        .hasMessageNotContaining("Traceback");
  }

  /** The parameters of a module file, or of the best checkpoint in {@code bestDir}. */
  private static Map<String, float[]> parameters(Path file, Path runDir) throws Exception {
    Map<String, float[]> values = new HashMap<>();
    try (Model model = Model.newInstance("read")) {
      PtSymbolBlock module;
      if (runDir == null) {
        module =
            JniUtils.loadModule(
                (PtNDManager) model.getNDManager(),
                file,
                true,
                new String[0],
                new String[0],
                false);
      } else {
        BestCheckpoint best = new FileCheckpointStore(runDir).readBest().orElseThrow();
        module = FileCheckpointStore.loadBestModule(model, file, best);
      }
      for (Pair<String, Parameter> p : module.getParameters()) {
        values.put(p.getKey(), p.getValue().getArray().toFloatArray());
      }
    }
    return values;
  }

  private TrainingResult train(TrainerConfig config, Path runDir, Interruption interruption)
      throws IOException {
    return new Training(
            setup(config, runDir, interruption), List.of(), DatasetLoader.withDefaults())
        .run();
  }

  private static TrainingSetup setup(TrainerConfig config, Path runDir, Interruption interruption) {
    return new TrainingSetup(
        config,
        "slice",
        "uid-1",
        TestData.fashionMnist(),
        fixture(config.getModel().getTorchscript().getPath()),
        runDir,
        Device.cpu(),
        new CheckpointRef("models", runDir.getFileName() + "/best"),
        interruption,
        AtomicFiles.StepHook.NONE,
        Clock.systemUTC(),
        line -> {});
  }

  private static TrainerConfig config(String file, int maxEpochs, List<String> freeze) {
    TrainerConfig config = TestData.mlpConfig(SAMPLES, maxEpochs, 10);
    TorchScriptModel torchscript = new TorchScriptModel();
    torchscript.setClaimName("models");
    torchscript.setPath(file);
    torchscript.setFreeze(freeze.isEmpty() ? null : freeze);
    ModelSpec model = new ModelSpec();
    model.setTorchscript(torchscript);
    config.setModel(model);
    return config;
  }

  static Path fixture(String name) {
    try {
      return Path.of(TorchScriptTrainingIT.class.getResource("/torchscript/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
