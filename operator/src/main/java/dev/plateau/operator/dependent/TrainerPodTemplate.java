package dev.plateau.operator.dependent;

import dev.plateau.api.contract.RunClaims;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.SecretReference;
import dev.plateau.api.v1alpha1.TolerationSpec;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunSpec;
import dev.plateau.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The trainer pod of a run's Job: one non-root container running {@code plateau train}. */
public final class TrainerPodTemplate {

  /** Non-root user and group of the trainer; {@code fsGroup} makes the PVCs writable for it. */
  public static final long USER = 1000L;

  /** Time the trainer gets after SIGTERM to save {@code last/} before it is killed. */
  public static final long GRACE_PERIOD_SECONDS = 60L;

  /** Where DJL keeps its cache (libtorch's unpacked native library): on the /tmp emptyDir. */
  public static final String DJL_CACHE_DIR = TrainerPaths.TMP + "/djl";

  static final String CONFIG_VOLUME = "config";
  static final String DATA_VOLUME = "data";
  static final String MODEL_VOLUME = "model";
  static final String CHECKPOINTS_VOLUME = "checkpoints";
  static final String TMP_VOLUME = "tmp";

  private TrainerPodTemplate() {}

  public static PodTemplateSpec of(TrainingRun run, OperatorSettings settings) {
    TrainingRunSpec spec = run.getSpec();
    String runName = run.getMetadata().getName();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(RunLabels.of(run, TrainerJobDependentResource.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(RunNames.serviceAccount(runName))
        // The token is mounted only because the trainer patches its progress ConfigMap; its
        // Role allows nothing else.
        .withAutomountServiceAccountToken(true)
        .withTerminationGracePeriodSeconds(GRACE_PERIOD_SECONDS)
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(USER)
                .withRunAsGroup(USER)
                .withFsGroup(USER)
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withNodeSelector(spec.getNodeSelector())
        .withTolerations(tolerations(spec.getTolerations()))
        .withPriorityClassName(spec.getPriorityClassName())
        .withImagePullSecrets(pullSecrets(spec, settings))
        .withContainers(container(run, settings))
        .withVolumes(volumes(run))
        .endSpec()
        .build();
  }

  /** The run's image, else the operator's CPU or GPU default. */
  public static String image(TrainingRun run, OperatorSettings settings) {
    String image = run.getSpec().getImage();
    if (image != null && !image.isBlank()) {
      return image;
    }
    return TrainerResources.gpus(run) > 0 ? settings.trainerGpuImage() : settings.trainerImage();
  }

  private static Container container(TrainingRun run, OperatorSettings settings) {
    return new ContainerBuilder()
        .withName(RunNames.TRAINER_CONTAINER)
        .withImage(image(run, settings))
        // The image's entrypoint is the plateau command.
        .withArgs("train", "--config", TrainerPaths.CONFIG_FILE)
        .withEnv(env(run))
        .withResources(TrainerResources.requirements(run))
        .withVolumeMounts(mounts(run))
        .withTerminationMessagePath(TrainerPaths.TERMINATION_LOG)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(
            new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build())
        .build();
  }

  static List<EnvVar> env(TrainingRun run) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(TrainerEnv.RUN_NAME, run.getMetadata().getName(), null));
    env.add(new EnvVar(TrainerEnv.RUN_NAMESPACE, run.getMetadata().getNamespace(), null));
    env.add(new EnvVar(TrainerEnv.RUN_UID, run.getMetadata().getUid(), null));
    env.add(
        new EnvVar(
            TrainerEnv.PROGRESS_CONFIGMAP,
            RunNames.progressConfigMap(run.getMetadata().getName()),
            null));
    if (hasDataClaim(run)) {
      env.add(new EnvVar(TrainerEnv.DATA_ROOT, TrainerPaths.DATA_ROOT, null));
    }
    env.add(new EnvVar(TrainerEnv.CHECKPOINT_ROOT, TrainerPaths.CHECKPOINT_ROOT, null));
    Integer threads = TrainerResources.cpuThreads(run);
    if (threads != null) {
      env.add(new EnvVar(TrainerEnv.CPU_THREADS, threads.toString(), null));
      env.add(new EnvVar("OMP_NUM_THREADS", threads.toString(), null));
    }
    env.add(
        new EnvVar(
            "JAVA_TOOL_OPTIONS",
            TrainerResources.heapOption(run) + " -Dai.djl.offline=true",
            null));
    env.add(new EnvVar("DJL_CACHE_DIR", DJL_CACHE_DIR, null));
    env.add(new EnvVar("OPT_OUT_TRACKING", "true", null));
    // The root filesystem is read-only: anything that writes under $HOME writes to the emptyDir.
    env.add(new EnvVar("HOME", TrainerPaths.TMP, null));
    return env;
  }

  private static List<VolumeMount> mounts(TrainingRun run) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(CONFIG_VOLUME, TrainerPaths.CONFIG_DIR, true));
    if (hasDataClaim(run)) {
      mounts.add(mount(DATA_VOLUME, TrainerPaths.DATA_ROOT, true));
    }
    if (separateModelClaim(run).isPresent()) {
      mounts.add(mount(MODEL_VOLUME, TrainerPaths.MODEL_ROOT, true));
    }
    mounts.add(mount(CHECKPOINTS_VOLUME, TrainerPaths.CHECKPOINT_ROOT, false));
    mounts.add(mount(TMP_VOLUME, TrainerPaths.TMP, false));
    return mounts;
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    VolumeMount mount = new VolumeMount();
    mount.setName(volume);
    mount.setMountPath(path);
    mount.setReadOnly(readOnly);
    return mount;
  }

  private static List<Volume> volumes(TrainingRun run) {
    String runName = run.getMetadata().getName();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(RunNames.configMap(runName))
            .withDefaultMode(0444)
            .endConfigMap()
            .build());
    if (hasDataClaim(run)) {
      volumes.add(
          new VolumeBuilder()
              .withName(DATA_VOLUME)
              .withNewPersistentVolumeClaim(RunClaims.data(run).orElseThrow(), true)
              .build());
    }
    separateModelClaim(run)
        .ifPresent(
            claim ->
                volumes.add(
                    new VolumeBuilder()
                        .withName(MODEL_VOLUME)
                        .withNewPersistentVolumeClaim(claim, true)
                        .build()));
    volumes.add(
        new VolumeBuilder()
            .withName(CHECKPOINTS_VOLUME)
            .withNewPersistentVolumeClaim(RunClaims.checkpoints(run), false)
            .build());
    volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    return volumes;
  }

  static boolean hasDataClaim(TrainingRun run) {
    return RunClaims.data(run).isPresent();
  }

  /** The TorchScript model's claim when it is not the data claim (which is mounted once). */
  static java.util.Optional<String> separateModelClaim(TrainingRun run) {
    return RunClaims.model(run).filter(claim -> !RunClaims.data(run).equals(Optional.of(claim)));
  }

  private static List<Toleration> tolerations(List<TolerationSpec> specs) {
    if (specs == null) {
      return List.of();
    }
    return specs.stream()
        .map(
            t ->
                new Toleration(
                    t.getEffect() == null ? null : t.getEffect().name(),
                    t.getKey(),
                    t.getOperator() == null ? null : t.getOperator().name(),
                    t.getTolerationSeconds(),
                    t.getValue()))
        .toList();
  }

  private static List<LocalObjectReference> pullSecrets(
      TrainingRunSpec spec, OperatorSettings settings) {
    Set<String> names = new LinkedHashSet<>();
    if (spec.getImagePullSecrets() != null) {
      spec.getImagePullSecrets().stream().map(SecretReference::getName).forEach(names::add);
    }
    names.addAll(settings.imagePullSecrets());
    return names.stream().map(LocalObjectReference::new).toList();
  }
}
