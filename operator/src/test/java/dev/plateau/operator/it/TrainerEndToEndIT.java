package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.djl.Model;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.trainer.TrainCommand;
import dev.plateau.trainer.TrainingSession;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.loop.Interruption;
import dev.plateau.trainer.model.ModelFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in the JVM: the real operator on the mock API server, the stand-in for the Job
 * controller and kubelet, and for each pod the REAL trainer ({@code plateau train}) run in-process
 * with the config the operator rendered, on a slice of the real Fashion-MNIST, with a temp folder
 * as the checkpoint volume and the progress ConfigMap on the mock server.
 */
class TrainerEndToEndIT extends OperatorIT {

  static final Duration TRAINING = Duration.ofMinutes(3);

  @TempDir Path volume;

  /** Where the dataset claim's content is: the folder holding fashion-mnist/. */
  static Path dataRoot() {
    String override = System.getenv("PLATEAU_TEST_DATA");
    Path dir = Path.of(override != null ? override : "/usr/share/datasets/fashion-mnist");
    assertThat(dir.resolve("train-images-idx3-ubyte.gz"))
        .as(
            "the end-to-end test trains on the real Fashion-MNIST: apt-get install dataset-fashion-mnist")
        .exists();
    return dir.getParent();
  }

  /** An MLP on 2000 samples: seconds per run, and it stops early. */
  TrainingRun slice(String name) {
    TrainingRun run = manifest(name);
    run.getSpec().getModel().setHiddenLayers(List.of(64));
    run.getSpec().getDataset().setMaxSamples(2000);
    run.getSpec().getDataset().setValidationSplit(0.2);
    run.getSpec().getTraining().setBatchSize(64);
    run.getSpec().getTraining().setLearningRate(0.002);
    run.getSpec().getTraining().setSeed(7L);
    run.getSpec().getEarlyStopping().setPatience(3);
    run.getSpec().getEarlyStopping().setDelta(0.0);
    run.getSpec().getRunPolicy().setBackoffLimit(3);
    return run;
  }

  /**
   * Plays the kubelet for one pod: the trainer container runs {@code plateau train} with the pod's
   * environment, the mounted config and the volumes; the pod then ends with the trainer's exit code
   * and termination message.
   */
  TrainingSession.Outcome runTrainerPod(String name, Interruption interruption) throws Exception {
    Pod pod = jobs.running(jobs.startPod(namespace, name));
    Map<String, String> env = new HashMap<>(JobControllerStandIn.trainerEnv(pod));
    // The pod's mounts, on this machine: /data is the dataset claim, /checkpoints the volume.
    assertThat(env).containsEntry(TrainerEnv.DATA_ROOT, TrainerPaths.DATA_ROOT);
    env.put(TrainerEnv.DATA_ROOT, dataRoot().toString());
    env.put(TrainerEnv.CHECKPOINT_ROOT, volume.toString());
    ConfigMap config = get(ConfigMap.class, RunNames.configMap(name));
    Path configFile = volume.resolve("config-" + pod.getMetadata().getName() + ".json");
    Files.writeString(configFile, config.getData().get(TrainerPaths.CONFIG_KEY));
    Path terminationLog = volume.resolve("termination-log-" + pod.getMetadata().getName());

    TrainingSession.Outcome outcome =
        TrainCommand.train(
            TrainCommand.Pod.fromEnvironment(configFile, env).withTerminationLog(terminationLog),
            interruption,
            client);

    String message = Files.exists(terminationLog) ? Files.readString(terminationLog) : null;
    jobs.finish(pod, outcome.exitCode(), outcome.exitCode() == 0 ? "Completed" : "Error", message);
    return outcome;
  }

  /** Records every epoch status.progress shows, as the trainer goes. */
  CompletableFuture<List<Integer>> watchEpochs(String name, IntPredicate onEpoch) {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    return CompletableFuture.supplyAsync(
        () -> {
          await()
              .atMost(TRAINING)
              .pollInterval(Duration.ofMillis(20))
              .until(
                  () -> {
                    TrainingRun run = get(name);
                    var progress =
                        run == null || run.getStatus() == null
                            ? null
                            : run.getStatus().getProgress();
                    if (progress != null
                        && progress.getEpoch() != null
                        && progress.getEpoch() > 0
                        && (seen.isEmpty() || seen.get(seen.size() - 1) < progress.getEpoch())) {
                      seen.add(progress.getEpoch());
                      onEpoch.test(progress.getEpoch());
                    }
                    return run != null
                        && run.getStatus() != null
                        && run.getStatus().getResult() != null;
                  });
          return seen;
        });
  }

  @Test
  void progressAdvancesEpochByEpochAndTheRunStopsEarlyWithALoadableBestCheckpoint()
      throws Exception {
    createWithClaims(slice("e2e"));
    CompletableFuture<List<Integer>> epochs = watchEpochs("e2e", e -> true);

    TrainingSession.Outcome outcome = runTrainerPod("e2e", new Interruption());

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.FINISHED);
    TrainingRun done = awaitCondition("e2e", ConditionTypes.COMPLETE, "True/EarlyStopped");
    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    TrainingResult result = done.getStatus().getResult();
    assertThat(result.getStopReason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(result.getBestEpoch()).isEqualTo(result.getEpochs() - 3);
    assertThat(done.getStatus().getProgress().getEpoch()).isEqualTo(result.getEpochs());
    assertThat(done.getStatus().getProgress().getEpochsSinceImprovement()).isEqualTo(3);
    assertThat(done.getStatus().getAttempt()).isEqualTo(1);
    List<Integer> seen = epochs.get();
    assertThat(seen)
        .as("status.progress.epoch while training")
        .hasSizeGreaterThanOrEqualTo(3)
        .isSorted();
    assertThat(seen.get(0))
        .as("the first epoch shown before the run ended")
        .isLessThan(result.getEpochs());

    // result.bestCheckpoint names the claim and the folder in it: load what is there.
    assertThat(result.getBestCheckpoint().getClaimName())
        .isEqualTo(RunNames.checkpointClaim("e2e"));
    Path best = volume.resolve(result.getBestCheckpoint().getPath());
    BestCheckpoint meta = new FileCheckpointStore(best.getParent()).readBest().orElseThrow();
    assertThat(meta.epoch()).isEqualTo(result.getBestEpoch());
    try (Model model = Model.newInstance("best")) {
      model.setBlock(
          ModelFactory.build(
              meta.info().model(), meta.info().sampleShape(), meta.info().classes()));
      model.load(best, FileCheckpointStore.MODEL_PREFIX);
      assertThat(model.getBlock().getParameters().get(0).getValue().getArray().getShape().get(0))
          .isEqualTo(64);
    }
  }

  @Test
  void aTrainerKilledMidRunIsResumedByTheNextPodToTheSameEnd() throws Exception {
    // The same run uninterrupted, for reference (same data, same seed: the same training).
    createWithClaims(slice("reference"));
    runTrainerPod("reference", new Interruption());
    TrainingResult reference =
        awaitCondition("reference", ConditionTypes.COMPLETE, "True/EarlyStopped")
            .getStatus()
            .getResult();

    create(slice("killed")); // the dataset claim is already there
    Interruption sigterm = new Interruption();
    CompletableFuture<List<Integer>> epochs =
        watchEpochs(
            "killed",
            e -> {
              if (e == 2) {
                sigterm.request(); // the pod is killed during epoch 3
              }
              return true;
            });
    TrainingSession.Outcome first = runTrainerPod("killed", sigterm);
    assertThat(first.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
    awaitCondition("killed", ConditionTypes.RUNNING, "False/Retrying");

    TrainingSession.Outcome second = runTrainerPod("killed", new Interruption());

    assertThat(second.exitCode()).isEqualTo(ExitCodes.FINISHED);
    TrainingRun done = awaitCondition("killed", ConditionTypes.COMPLETE, "True/EarlyStopped");
    TrainingResult result = done.getStatus().getResult();
    assertThat(result.getEpochs()).isEqualTo(reference.getEpochs());
    assertThat(result.getBestEpoch()).isEqualTo(reference.getBestEpoch());
    assertThat(result.getBestMetric())
        .isCloseTo(reference.getBestMetric(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(done.getStatus().getProgress().getEpochsSinceImprovement()).isEqualTo(3);
    assertThat(done.getStatus().getAttempt()).isEqualTo(2);
    assertThat(epochs.get()).isSorted();
    assertThat(ContractJson.write(done.getStatus().getProgress().getHistory().get(0)))
        .as("the history the second pod reports starts at epoch 1")
        .contains("\"epoch\":1,");
  }
}
