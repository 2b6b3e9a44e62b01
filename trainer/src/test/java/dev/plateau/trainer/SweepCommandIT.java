package dev.plateau.trainer;

import static dev.plateau.trainer.PlateauCliIT.plateau;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingSweepStatus;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.api.v1alpha1.TrialState;
import dev.plateau.trainer.checkpoint.MetricHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plateau sweep} on a slice of Fashion-MNIST: trials, turns, prunes, files, errors. */
class SweepCommandIT {

  @TempDir Path dir;

  static final String TEMPLATE =
      """
          model: {architecture: mlp, hiddenLayers: [32]}
          dataset: {format: idx, claimName: datasets, path: fashion-mnist, maxSamples: 1000}
          training: {maxEpochs: 4, batchSize: 50}
          earlyStopping: {patience: 5}
          checkpoints: {size: 1Gi}
      """;

  Path sweep(String parameters) throws Exception {
    Path file = dir.resolve("sweep.yaml");
    Files.writeString(
        file,
        "apiVersion: plateau.dev/v1alpha1\nkind: TrainingSweep\nmetadata: {name: tiny}\nspec:\n"
            + "  template:\n"
            + TEMPLATE
            + "  parameters:\n"
            + parameters
            + "  algorithm: grid\n"
            + "  maxTrials: 4\n"
            + "  parallelism: 2\n"
            + "  pruning: {algorithm: asha, gracePeriod: 1, reductionFactor: 2}\n");
    return file;
  }

  PlateauCliIT.Run run(Path manifest) {
    return plateau(
        "sweep",
        manifest.toString(),
        "--data-root",
        TestData.dataRoot().toString(),
        "--runs-dir",
        dir.resolve("runs").toString(),
        "--threads",
        "2");
  }

  @Test
  void prunesTheHopelessTrialsTakingTurnsAndKeepsEveryTrialsFolder() throws Exception {
    // Trials 2 and 3 learn with a learning rate of 1e-6: hopeless at the first rung.
    PlateauCliIT.Run r =
        run(
            sweep(
                "    - {name: training.learningRate, values: [0.003, 0.000001]}\n"
                    + "    - {name: model.dropout, values: [0.0, 0.1]}\n"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.FINISHED);
    assertThat(r.out())
        .contains("plateau: sweep tiny: 4 trials, 2 at a time, ASHA with rungs at [1, 2] epochs")
        .contains("tiny-2  pruned: ASHA: best value")
        .contains("rank trial")
        .containsPattern("4 trials: \\d completed, \\d pruned, 0 failed; \\d+ epochs trained in");
    Path sweepDir = dir.resolve("runs").resolve("tiny");
    TrainingSweepStatus status =
        ContractJson.read(
            Files.readString(sweepDir.resolve("sweep.json")), TrainingSweepStatus.class);
    assertThat(status.getCreated()).isEqualTo(4);
    assertThat(status.getRunning()).isZero();
    List<TrialRecord> trials = status.getTrials();
    assertThat(trials.get(2).getState()).isEqualTo(TrialState.Pruned);
    assertThat(trials.get(3).getState()).isEqualTo(TrialState.Pruned);
    assertThat(status.getBestTrial().getName()).isIn("tiny-0", "tiny-1");
    assertThat(status.getBestTrial().getTestAccuracy()).isGreaterThan(0.5);
    assertThat(status.getBestTrial().getParameters())
        .containsEntry("training.learningRate", "0.003");

    // A pruned trial ends as a run asked to stop: Pruned, last/ saved, best kept.
    Path pruned = sweepDir.resolve("tiny-2");
    TrainingResult result =
        ContractJson.read(Files.readString(pruned.resolve("result.json")), TrainingResult.class);
    assertThat(result.getStopReason()).isEqualTo(StopReason.Pruned);
    assertThat(result.getEpochs()).isEqualTo(1);
    assertThat(result.getMessage()).startsWith("pruned after epoch 1: ASHA: best value");
    assertThat(pruned.resolve("last")).isDirectory();
    assertThat(pruned.resolve("best")).isDirectory();

    // One trial trains at a time: no two epochs of different trials overlap.
    record Span(String trial, Instant start, Instant end) {}
    List<Span> spans = new ArrayList<>();
    for (TrialRecord t : trials) {
      for (EpochRecord e :
          MetricHistory.readRecords(sweepDir.resolve(t.getName()).resolve("metrics.jsonl"))) {
        Instant end = Instant.parse(e.getTime());
        spans.add(new Span(t.getName(), end.minusMillis((long) (e.getEpochSeconds() * 1000)), end));
      }
    }
    for (Span a : spans) {
      for (Span b : spans) {
        if (!a.trial().equals(b.trial())) {
          assertThat(
                  a.end().isAfter(b.start().plusMillis(20))
                      && b.end().isAfter(a.start().plusMillis(20)))
              .as("%s and %s train at once", a, b)
              .isFalse();
        }
      }
    }
  }

  @Test
  void aTrialTheRunSchemaRefusesStopsTheSweepBeforeAnyTrains() throws Exception {
    PlateauCliIT.Run r = run(sweep("    - {name: model.dropout, values: [0.1, 0.95]}\n"));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains("some trials would not be valid TrainingRuns")
        .contains(
            "trial 1 {model.dropout=0.95}: spec.model.dropout: is 0.95; it should be less than or equal to 0.9");
    assertThat(dir.resolve("runs").resolve("tiny")).doesNotExist();
  }

  @Test
  void aRunManifestIsNotASweep() throws Exception {
    Path file = dir.resolve("run.yaml");
    Files.writeString(
        file,
        "apiVersion: plateau.dev/v1alpha1\nkind: TrainingRun\nmetadata: {name: r}\nspec:\n"
            + TEMPLATE.replace("    ", "  "));
    PlateauCliIT.Run r = run(file);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains("holds no document of kind: TrainingSweep (plateau run trains a TrainingRun)");
  }
}
