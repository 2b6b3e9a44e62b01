package dev.plateau.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.ExitCodes;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGTERM to a real trainer process, as Kubernetes sends on eviction or suspension. */
class SigtermIT {

  @TempDir Path dir;

  private String output() throws java.io.IOException {
    Path log = dir.resolve("out.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Test
  void sigtermSavesLastAndExitsPromptly() throws Exception {
    Process trainer = startedIntoEpochTwo();

    trainer.destroy(); // SIGTERM

    assertThat(trainer.waitFor(60, TimeUnit.SECONDS)).as("exited within the grace period").isTrue();
    assertThat(trainer.exitValue()).as(output()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(output()).contains("plateau: stopped on SIGTERM during epoch 2 after");
    TrainingState last =
        new FileCheckpointStore(dir.resolve("runs/sigterm")).readLast().orElseThrow().state();
    assertThat(last.epoch()).isEqualTo(1);
    assertThat(last.step()).as("the position within epoch 2").isPositive();
  }

  @Test
  void ctrlCSavesLastExitsOneThirtyAndSaysHowToResume() throws Exception {
    Process trainer = startedIntoEpochTwo();

    new ProcessBuilder("kill", "-INT", Long.toString(trainer.pid())).start().waitFor();

    assertThat(trainer.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(trainer.exitValue()).as(output()).isEqualTo(ExitCodes.INTERRUPTED_BY_USER);
    assertThat(output())
        .contains("plateau: stopped on Ctrl-C (SIGINT) during epoch 2 after")
        .contains("resume with: plateau run " + dir.resolve("run.yaml") + " --resume --runs-dir");
    TrainingState last =
        new FileCheckpointStore(dir.resolve("runs/sigterm")).readLast().orElseThrow().state();
    assertThat(last.step()).as("the position within epoch 2").isPositive();
  }

  /** Starts a trainer process and returns it in epoch 2, half a second after epoch 1 ended. */
  private Process startedIntoEpochTwo() throws Exception {
    Path manifest = dir.resolve("run.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: plateau.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: sigterm}
        spec:
          model: {architecture: mlp}
          dataset: {format: idx, claimName: datasets, path: fashion-mnist}
          training: {maxEpochs: 50, batchSize: 32}
          checkpoints: {size: 1Gi}
        """);
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process trainer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "-Dai.djl.offline=true",
                PlateauCli.class.getName(),
                "run",
                manifest.toString(),
                "--data-root",
                TestData.dataRoot().toString(),
                "--runs-dir",
                dir.resolve("runs").toString(),
                "--threads",
                "2")
            .redirectErrorStream(true)
            // A file, not a pipe: Process.destroy() closes our end of the pipes.
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!output().contains("epoch   1/50")
        && System.nanoTime() < deadline
        && trainer.isAlive()) {
      Thread.sleep(100);
    }
    assertThat(output()).as("epoch 1 finished").contains("epoch   1/50");
    Thread.sleep(500); // into epoch 2

    return trainer;
  }
}
