package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.EnforcedBy;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python trainer of {@code examples/foreign-trainer} under the real operator, with {@code
 * earlyStopping.enforcedBy: operator}: the trainer only reports; the operator applies the run's
 * rule to the reports, writes the stop request, the trainer reads it in the answer to its next
 * patch and ends, and the run ends Complete/EarlyStopped. Needs a python3 with torch (Debian's
 * python3-torch; CI installs it) and Debian's dataset-fashion-mnist.
 */
class ForeignTrainerEnforcedIT extends OperatorIT {

  static final Path EXAMPLE = Path.of("..", "examples", "foreign-trainer");
  static final Path DATA = Path.of("/usr/share/datasets");

  @TempDir Path volume;

  @Test
  void theOperatorStopsAPythonTrainerThatOnlyReports() throws Exception {
    String python = pythonWithTorch();
    boolean torch = python != null;
    if (!torch && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "python3 cannot import torch: CI installs Debian's python3-torch (.ci/run)");
    }
    assumeTrue(
        torch,
        "no python3 with torch here (apt-get install python3-torch): the Python trainer is not run");
    assumeTrue(
        Files.exists(DATA.resolve("fashion-mnist/train-images-idx3-ubyte.gz")),
        "Debian's dataset-fashion-mnist is not installed");

    TrainingRun run = manifest("pytorch");
    run.getSpec().getDataset().setMaxSamples(3000);
    run.getSpec().getTraining().setMaxEpochs(20);
    run.getSpec().getEarlyStopping().setMonitor(Monitor.VAL_LOSS);
    run.getSpec().getEarlyStopping().setPatience(1);
    // A large delta: the operator's rule runs out of patience within a few epochs.
    run.getSpec().getEarlyStopping().setDelta(0.05);
    run.getSpec().getEarlyStopping().setEnforcedBy(EnforcedBy.OPERATOR);
    createWithClaims(run);
    Pod pod = jobs.running(jobs.startPod(namespace, "pytorch"));

    // The pod, on this machine: its environment, the rendered config, the volumes.
    Map<String, String> env = new HashMap<>(JobControllerStandIn.trainerEnv(pod));
    env.put(TrainerEnv.DATA_ROOT, DATA.toString());
    env.put(TrainerEnv.CHECKPOINT_ROOT, volume.resolve("checkpoints").toString());
    Path account = Files.createDirectories(volume.resolve("serviceaccount"));
    Files.writeString(account.resolve("token"), "test-token\n");
    env.put("PLATEAU_API_SERVER", cluster.url());
    env.put("PLATEAU_SERVICE_ACCOUNT_DIR", account.toString());
    Path terminationLog = volume.resolve("termination-log");
    env.put("PLATEAU_TERMINATION_LOG", terminationLog.toString());
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.put("OMP_NUM_THREADS", "2");
    ConfigMap config = get(ConfigMap.class, RunNames.configMap("pytorch"));
    Path configFile = volume.resolve("config.json");
    Files.writeString(configFile, config.getData().get(TrainerPaths.CONFIG_KEY));

    Path output = volume.resolve("trainer.log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(python, "train.py", "train", "--config", configFile.toString()))
            .directory(EXAMPLE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    Process trainer = builder.start();
    assertThat(trainer.waitFor(5, TimeUnit.MINUTES)).as("the trainer ends").isTrue();
    String log = Files.readString(output);
    assertThat(trainer.exitValue()).as(log).isZero();
    jobs.finish(pod, 0, "Completed", Files.readString(terminationLog));

    TrainingRun done = awaitCondition("pytorch", ConditionTypes.COMPLETE, "True/EarlyStopped");
    assertThat(done.getStatus().getStopRequest().getReason()).isEqualTo("EarlyStopped");
    assertThat(done.getStatus().getStopRequest().getEnforcedAt())
        .as("the trainer stopped by itself, in time")
        .isNull();
    assertThat(done.getStatus().getStopRequest().getMessage())
        .matches(
            "early stopping enforced by the operator: val_loss did not improve by more than 0.05"
                + " for 1 epochs; best \\d+\\.\\d{4} at epoch \\d+");
    TrainingResult result = done.getStatus().getResult();
    assertThat(result.getStopReason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(result.getEpochs()).as(log).isLessThan(20);
    assertThat(result.getMessage()).contains("early stopping enforced by the operator");
    assertThat(result.getBestCheckpoint().getPath()).isEqualTo("pytorch/best");
    assertThat(volume.resolve("checkpoints/pytorch/best/model.pt")).exists();
    // The operator folded every reported epoch; the request went out after the epoch that
    // spent the patience, and the trainer reads it in the answer to its next report: one more
    // epoch, or two when that report raced the operator's write (an epoch here is ~0.2 s).
    assertThat(done.getStatus().getEarlyStopping().getLastEpoch()).isEqualTo(result.getEpochs());
    int requestedAfter =
        Integer.parseInt(
                done.getStatus().getStopRequest().getMessage().replaceAll(".* at epoch ", ""))
            + 1;
    assertThat(result.getEpochs()).as(log).isBetween(requestedAfter, requestedAfter + 2);
  }

  /** A python3 that can import torch (Debian's python3-torch serves), or null. */
  static String pythonWithTorch() {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      try {
        Process p =
            new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
      } catch (Exception e) {
        // not this one
      }
    }
    return null;
  }
}
