package dev.plateau.operator.dependent;

import static dev.plateau.operator.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.SecretReference;
import dev.plateau.api.v1alpha1.TolerationSpec;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The trainer Job as desired: what the pod may do, what it is told, and what it mounts. */
class TrainerJobDependentResourceTest {

  static final OperatorSettings SETTINGS =
      OperatorSettings.fromEnvironment(
          Map.of(
              OperatorSettings.TRAINER_IMAGE, "registry.example/plateau-trainer:1",
              OperatorSettings.TRAINER_GPU_IMAGE, "registry.example/plateau-trainer:1-cuda",
              OperatorSettings.TRAINER_IMAGE_PULL_SECRETS, "operator-pull"));

  static final TrainerJobDependentResource JOB = new TrainerJobDependentResource(SETTINGS);

  static PodSpec pod(TrainingRun run) {
    return JOB.desired(run).getSpec().getTemplate().getSpec();
  }

  static Container trainer(TrainingRun run) {
    return pod(run).getContainers().get(0);
  }

  static Map<String, String> env(TrainingRun run) {
    return trainer(run).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void podRunsAsNonRootWithNothingToEscalate() {
    PodSpec pod = pod(run());
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getRunAsGroup()).isPositive();
    assertThat(pod.getSecurityContext().getFsGroup())
        .isEqualTo(pod.getSecurityContext().getRunAsGroup());
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = pod.getContainers().get(0).getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getPrivileged()).isNull();
  }

  @Test
  void podUsesTheRunsOwnServiceAccountAndNeverRestartsInPlace() {
    PodSpec pod = pod(run());
    assertThat(pod.getServiceAccountName()).isEqualTo("fashion-mlp-trainer");
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(30L);
    Container trainer = pod.getContainers().get(0);
    assertThat(trainer.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(trainer.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
  }

  @Test
  void trainerIsToldItsConfigAndIdentity() {
    TrainingRun run = run();
    assertThat(trainer(run).getArgs())
        .containsExactly("train", "--config", TrainerPaths.CONFIG_FILE);
    assertThat(trainer(run).getCommand()).isNullOrEmpty();
    assertThat(env(run))
        .containsEntry(TrainerEnv.RUN_NAME, "fashion-mlp")
        .containsEntry(TrainerEnv.RUN_NAMESPACE, "ml")
        .containsEntry(TrainerEnv.RUN_UID, run.getMetadata().getUid())
        .containsEntry(TrainerEnv.PROGRESS_CONFIGMAP, "fashion-mlp-progress")
        .containsEntry(TrainerEnv.DATA_ROOT, "/data")
        .containsEntry(TrainerEnv.CHECKPOINT_ROOT, "/checkpoints")
        .containsEntry(TrainerEnv.CPU_THREADS, "2")
        .containsEntry("OMP_NUM_THREADS", "2")
        .containsEntry("DJL_CACHE_DIR", "/tmp/djl")
        .containsEntry("OPT_OUT_TRACKING", "true");
    // 30% of the 4Gi limit: the rest is for libtorch's native memory.
    assertThat(env(run).get("JAVA_TOOL_OPTIONS"))
        .contains("-Xmx1228m")
        .contains("-Dai.djl.offline=true");
  }

  @Test
  void withoutLimitsTheJvmSizesItselfAndThreadsAreLeftAlone() {
    TrainingRun run = run(r -> r.getSpec().getResources().setLimits(null));
    assertThat(env(run).get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=30");
    assertThat(env(run)).doesNotContainKeys(TrainerEnv.CPU_THREADS, "OMP_NUM_THREADS");
  }

  @Test
  void volumes() {
    TrainingRun run = run();
    Map<String, Volume> volumes =
        pod(run).getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertThat(volumes.get("config").getConfigMap().getName()).isEqualTo("fashion-mlp-config");
    assertThat(volumes.get("data").getPersistentVolumeClaim().getClaimName()).isEqualTo("datasets");
    assertThat(volumes.get("data").getPersistentVolumeClaim().getReadOnly()).isTrue();
    assertThat(volumes.get("checkpoints").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("fashion-mlp-checkpoints");
    assertThat(volumes.get("tmp").getEmptyDir()).isNotNull();
    Map<String, VolumeMount> mounts =
        trainer(run).getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
    assertThat(mounts.get(TrainerPaths.CONFIG_DIR).getReadOnly()).isTrue();
    assertThat(mounts.get("/data").getReadOnly()).isTrue();
    assertThat(mounts.get("/checkpoints").getReadOnly()).isFalse();
    assertThat(mounts.get("/tmp").getReadOnly()).isFalse();
  }

  @Test
  void aTorchScriptFileOnItsOwnClaimIsMountedReadOnlyAtModels() {
    TrainingRun run = run(r -> r.getSpec().setModel(torchscript("team-models", "cnn/model.pt")));
    Map<String, Volume> volumes =
        pod(run).getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertThat(volumes.get("model").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("team-models");
    assertThat(volumes.get("model").getPersistentVolumeClaim().getReadOnly()).isTrue();
    Map<String, VolumeMount> mounts =
        trainer(run).getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
    assertThat(mounts.get(TrainerPaths.MODEL_ROOT).getName()).isEqualTo("model");
    assertThat(mounts.get(TrainerPaths.MODEL_ROOT).getReadOnly()).isTrue();
    assertThat(TrainerPaths.modelRoot("team-models", "datasets")).isEqualTo("/models");
  }

  @Test
  void oneClaimServingDataAndModelIsMountedOnce() {
    TrainingRun run = run(r -> r.getSpec().setModel(torchscript("datasets", "cnn/model.pt")));
    assertThat(pod(run).getVolumes())
        .extracting(Volume::getName)
        .containsExactly("config", "data", "checkpoints", "tmp");
    assertThat(TrainerPaths.modelRoot("datasets", "datasets")).isEqualTo(TrainerPaths.DATA_ROOT);
  }

  private static dev.plateau.api.v1alpha1.ModelSpec torchscript(String claim, String path) {
    var file = new dev.plateau.api.v1alpha1.TorchScriptModel();
    file.setClaimName(claim);
    file.setPath(path);
    var model = new dev.plateau.api.v1alpha1.ModelSpec();
    model.setTorchscript(file);
    return model;
  }

  @Test
  void downloadedDataNeedsNoDataVolumeAndAnExistingCheckpointClaimIsMounted() {
    TrainingRun run =
        run(
            r -> {
              r.getSpec().getDataset().setClaimName(null);
              r.getSpec().getDataset().setPath(null);
              r.getSpec().getCheckpoints().setSize(null);
              r.getSpec().getCheckpoints().setClaimName("models");
            });
    assertThat(pod(run).getVolumes())
        .extracting(Volume::getName)
        .containsExactly("config", "checkpoints", "tmp");
    assertThat(env(run)).doesNotContainKey(TrainerEnv.DATA_ROOT);
    assertThat(pod(run).getVolumes().get(1).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("models");
  }

  @Test
  void gpuRunsAskForOneGpuAndGetTheGpuImage() {
    TrainingRun run = run(r -> r.getSpec().getResources().setGpus(1));
    assertThat(trainer(run).getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(trainer(run).getImage()).isEqualTo("registry.example/plateau-trainer:1-cuda");
    assertThat(trainer(run()).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(trainer(run()).getImage()).isEqualTo("registry.example/plateau-trainer:1");
    assertThat(trainer(run(r -> r.getSpec().setImage("mine:2"))).getImage()).isEqualTo("mine:2");
  }

  @Test
  void requestsAndLimitsAreCopied() {
    var resources = trainer(run()).getResources();
    assertThat(resources.getRequests())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("2Gi"));
    assertThat(resources.getLimits())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("4Gi"));
  }

  @Test
  void schedulingSettingsArePassedOn() {
    TolerationSpec toleration = new TolerationSpec();
    toleration.setKey("nvidia.com/gpu");
    toleration.setOperator(TolerationSpec.TolerationOperator.Exists);
    toleration.setEffect(TolerationSpec.TaintEffect.NoSchedule);
    TrainingRun run =
        run(
            r -> {
              r.getSpec().setNodeSelector(Map.of("gpu", "a100"));
              r.getSpec().setTolerations(List.of(toleration));
              r.getSpec().setPriorityClassName("training");
              r.getSpec().setImagePullSecrets(List.of(new SecretReference("mine")));
            });
    PodSpec pod = pod(run);
    assertThat(pod.getNodeSelector()).containsEntry("gpu", "a100");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
              assertThat(t.getValue()).isNull();
            });
    assertThat(pod.getPriorityClassName()).isEqualTo("training");
    assertThat(pod.getImagePullSecrets())
        .extracting(s -> s.getName())
        .containsExactly("mine", "operator-pull");
  }

  @Test
  void jobCarriesRunPolicyAndFailurePolicy() {
    TrainingRun run =
        run(
            r -> {
              r.getSpec().getRunPolicy().setActiveDeadlineSeconds(3600L);
              r.getSpec().getRunPolicy().setTtlSecondsAfterFinished(600);
            });
    Job job = JOB.desired(run);
    assertThat(job.getMetadata().getName()).isEqualTo("fashion-mlp");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(job.getSpec().getSuspend()).isFalse();
    var rules = job.getSpec().getPodFailurePolicy().getRules();
    assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
    assertThat(rules.get(0).getOnExitCodes().getContainerName()).isEqualTo("trainer");
    assertThat(rules.get(0).getOnExitCodes().getOperator()).isEqualTo("In");
    assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(2, 3);
    assertThat(rules.get(1).getAction()).isEqualTo("Ignore");
    assertThat(rules.get(1).getOnPodConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("DisruptionTarget");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  @Test
  void jobAndPodsAreLabelledAndOwned() {
    TrainingRun run = run();
    Job job = JOB.desired(run);
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "plateau")
        .containsEntry("app.kubernetes.io/managed-by", "plateau-operator")
        .containsEntry("plateau.dev/run", "fashion-mlp");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(job.getMetadata().getLabels());
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid());
              assertThat(o.getKind()).isEqualTo("TrainingRun");
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getMetadata().getAnnotations())
        .containsKeys(
            TrainerJobDependentResource.OPERATOR_VERSION_ANNOTATION,
            TrainerJobDependentResource.CONFIG_HASH_ANNOTATION);
  }

  @Test
  void kueueRunsAreLabelledAndCreatedSuspended() {
    TrainingRun run = run(r -> r.getSpec().getRunPolicy().setQueueName("team-a"));
    Job job = JOB.desired(run);
    assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a");
    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(JOB.desired(run()).getMetadata().getLabels())
        .doesNotContainKey("kueue.x-k8s.io/queue-name");
  }

  @Test
  void onlySuspendIsEverPatched() {
    TrainingRun running = run();
    TrainingRun suspended = run(r -> r.getSpec().getRunPolicy().setSuspend(true));
    TrainingRun queued = run(r -> r.getSpec().getRunPolicy().setQueueName("team-a"));
    Job live = job(false);
    Job stopped = job(true);
    assertThat(TrainerJobDependentResource.suspendPatch(running, live)).isNull();
    assertThat(TrainerJobDependentResource.suspendPatch(suspended, live)).isTrue();
    assertThat(TrainerJobDependentResource.suspendPatch(suspended, stopped)).isNull();
    assertThat(TrainerJobDependentResource.suspendPatch(running, stopped)).isFalse();
    // Kueue unsuspends queued Jobs; the operator does not.
    assertThat(TrainerJobDependentResource.suspendPatch(queued, stopped)).isNull();
    assertThat(TrainerJobDependentResource.suspendPatch(queued, live)).isNull();
  }

  @Test
  void desiredIsAPureFunctionOfTheRun() {
    assertThat(JOB.desired(run())).isEqualTo(JOB.desired(run()));
  }

  private static Job job(boolean suspend) {
    return new JobBuilder().withNewSpec().withSuspend(suspend).endSpec().build();
  }
}
