package dev.plateau.operator.it;

import dev.plateau.api.contract.RunNames;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;

/**
 * The states the Job controller and the kubelet give a trainer pod and its Job, as pure functions
 * on the objects. The status table tests use them directly; {@link JobControllerStandIn} writes
 * them to the (mock) API server.
 */
public final class TrainerPodStates {

  private TrainerPodStates() {}

  /** A new, unscheduled pod of the Job, as the Job controller creates it. */
  public static Pod podFor(Job job, String name, Instant created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(job.getMetadata().getNamespace())
        .withUid(name + "-uid")
        .withCreationTimestamp(created.toString())
        .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
        .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
        .addToLabels("batch.kubernetes.io/controller-uid", job.getMetadata().getUid())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  /** The scheduler found no node (e.g. no free GPU). */
  public static Pod unschedulable(Pod pod, String message) {
    return new PodBuilder(pod)
        .editStatus()
        .withConditions(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .build())
        .endStatus()
        .build();
  }

  /** The kubelet waits to start the trainer, e.g. ImagePullBackOff or ContainerCreating. */
  public static Pod waiting(Pod pod, String reason, String message) {
    return withTrainer(
        pod,
        "Pending",
        trainer(pod).withNewState().withNewWaiting(message, reason).endState().build());
  }

  public static Pod running(Pod pod, Instant started) {
    return withTrainer(
        pod,
        "Running",
        trainer(pod)
            .withReady(true)
            .withStarted(true)
            .withNewState()
            .withNewRunning(started.toString())
            .endState()
            .build());
  }

  /**
   * The trainer exited.
   *
   * @param reason the kubelet's: Completed, Error or OOMKilled
   * @param message the termination message (or log tail), may be null
   */
  public static Pod terminated(
      Pod pod, int exitCode, String reason, String message, Instant finished) {
    return withTrainer(
        pod,
        exitCode == 0 ? "Succeeded" : "Failed",
        trainer(pod)
            .withReady(false)
            .withStarted(false)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message)
            .withFinishedAt(finished.toString())
            .endTerminated()
            .endState()
            .build());
  }

  /** The Job's counts of active, succeeded and failed pods. */
  public static Job counted(Job job, int active, int succeeded, int failed, Instant started) {
    return new JobBuilder(job)
        .editOrNewStatus()
        .withActive(active)
        .withSucceeded(succeeded)
        .withFailed(failed)
        .withStartTime(
            job.getStatus() != null && job.getStatus().getStartTime() != null
                ? job.getStatus().getStartTime()
                : started.toString())
        .endStatus()
        .build();
  }

  /**
   * A Job condition turned True, e.g. Complete, or Failed with reason BackoffLimitExceeded,
   * DeadlineExceeded or PodFailurePolicy.
   */
  public static Job withCondition(Job job, String type, String reason, String message, Instant at) {
    JobBuilder builder =
        new JobBuilder(job)
            .editOrNewStatus()
            .addToConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withMessage(message)
                    .withLastTransitionTime(at.toString())
                    .build())
            .withActive(0)
            .endStatus();
    if ("Complete".equals(type)) {
      builder.editStatus().withCompletionTime(at.toString()).endStatus();
    }
    return builder.build();
  }

  private static ContainerStatusBuilder trainer(Pod pod) {
    ContainerStatus current =
        pod.getStatus().getContainerStatuses() == null
            ? null
            : pod.getStatus().getContainerStatuses().stream()
                .filter(c -> RunNames.TRAINER_CONTAINER.equals(c.getName()))
                .findFirst()
                .orElse(null);
    ContainerStatusBuilder builder =
        current == null ? new ContainerStatusBuilder() : new ContainerStatusBuilder(current);
    return builder
        .withName(RunNames.TRAINER_CONTAINER)
        .withImage(pod.getSpec().getContainers().get(0).getImage());
  }

  private static Pod withTrainer(Pod pod, String phase, ContainerStatus trainer) {
    return new PodBuilder(pod)
        .editStatus()
        .withPhase(phase)
        .withContainerStatuses(trainer)
        .endStatus()
        .build();
  }
}
