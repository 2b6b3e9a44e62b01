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
    return sweep(parameters, "asha", 4);
  }

  Path sweep(String parameters, String pruning, int maxEpochs) throws Exception {
    Path file = dir.resolve("sweep.yaml");
    Files.writeString(
        file,
        "apiVersion: plateau.dev/v1alpha1\nkind: TrainingSweep\nmetadata: {name: tiny}\nspec:\n"
            + "  template:\n"
            + TEMPLATE.replace("maxEpochs: 4", "maxEpochs: " + maxEpochs)
            + "  parameters:\n"
            + parameters
            + "  algorithm: grid\n"
            + "  maxTrials: 4\n"
            + "  parallelism: 2\n"
            + "  pruning: {algorithm: "
            + pruning
            + ", gracePeriod: 1, reductionFactor: 2}\n");
    return file;
  }

  PlateauCliIT.Run run(Path manifest, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sweep",
                manifest.toString(),
                "--data-root",
                TestData.dataRoot().toString(),
                "--runs-dir",
                dir.resolve("runs").toString(),
                "--threads",
                "2"));
    args.addAll(List.of(extra));
    return plateau(args.toArray(String[]::new));
  }

  TrainingSweepStatus status() throws Exception {
    return ContractJson.read(
        Files.readString(dir.resolve("runs").resolve("tiny").resolve("sweep.json")),
        TrainingSweepStatus.class);
  }

  @Test
  void aWrongDataRootIsFoundBeforeAnyTrialStarts() throws Exception {
    PlateauCliIT.Run r =
        plateau(
            "sweep",
            sweep("    - {name: model.dropout, values: [0.0, 0.1]}\n").toString(),
            "--data-root",
            dir.resolve("nowhere").toString(),
            "--runs-dir",
            dir.resolve("runs").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("fashion-mnist").contains("--data-root");
    assertThat(r.out()).doesNotContain("rank trial");
    assertThat(dir.resolve("runs").resolve("tiny")).doesNotExist();
  }

  @Test
  void anInterruptedSweepIsKeptAndResumed() throws Exception {
    Path manifest =
        sweep(
            "    - {name: training.learningRate, values: [0.003, 0.001]}\n"
                + "    - {name: model.dropout, values: [0.0, 0.1]}\n",
            "none",
            8);
    java.util.concurrent.CompletableFuture<PlateauCliIT.Run> first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> run(manifest));
    // Ctrl-C once the first trials have trained an epoch or two.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(10))
        .ignoreExceptions()
        .until(() -> status().getTrials().stream().anyMatch(t -> t.getValues().size() >= 2));
    sun.misc.Signal.raise(new sun.misc.Signal("INT"));
    PlateauCliIT.Run stopped = first.get(60, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(stopped.exitCode())
        .as(stopped.out() + stopped.err())
        .isEqualTo(ExitCodes.INTERRUPTED_BY_USER);
    assertThat(stopped.out())
        .contains("rank trial")
        .contains("resume with: ")
        .contains(" --resume");
    TrainingSweepStatus interrupted = status();
    assertThat(interrupted.getPhase()).isEqualTo(dev.plateau.api.status.Phase.Pending);
    assertThat(interrupted.getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Running");
              assertThat(c.getReason()).isEqualTo("Interrupted");
            });
    assertThat(interrupted.getFailed()).as("stopped trials are not failures").isZero();
    assertThat(interrupted.getTrials())
        .anySatisfy(t -> assertThat(t.getState()).isIn(TrialState.Running, TrialState.Pending));

    // Running it again is refused; --resume continues where each trial stopped.
    PlateauCliIT.Run again = run(manifest);
    assertThat(again.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(again.err())
        .contains(
            "holds an unfinished sweep of tiny: continue it with --resume, or start afresh"
                + " with --restart");
    PlateauCliIT.Run resumed = run(manifest, "--resume");
    assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.FINISHED);
    TrainingSweepStatus done = status();
    assertThat(done.getPhase()).isEqualTo(dev.plateau.api.status.Phase.Succeeded);
    assertThat(done.getCreated()).isEqualTo(4);
    assertThat(done.getCompleted()).isEqualTo(4);
    for (TrialRecord t : done.getTrials()) {
      List<EpochRecord> epochs =
          MetricHistory.readRecords(
              dir.resolve("runs").resolve("tiny").resolve(t.getName()).resolve("metrics.jsonl"));
      assertThat(epochs)
          .as("%s trained each epoch once, resumed where it stopped", t.getName())
          .extracting(EpochRecord::getEpoch)
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
      assertThat(t.getValues()).hasSize(8);
    }
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
        .contains("the sweep would make invalid TrainingRuns")
        .contains(
            "spec.parameters[0].values: 0.95 makes an invalid TrainingRun: spec.model.dropout: is"
                + " 0.95; it should be less than or equal to 0.9");
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
