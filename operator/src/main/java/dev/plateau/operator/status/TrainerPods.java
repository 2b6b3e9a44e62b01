package dev.plateau.operator.status;

import dev.plateau.api.contract.RunNames;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Questions about a Job's trainer pods, answered from their status alone. */
final class TrainerPods {

  private TrainerPods() {}

  /** The newest pod that has neither ended nor is being deleted. */
  static Optional<Pod> active(List<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !ended(p))
        .max(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp(), Times.ORDER));
  }

  static boolean ended(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /**
   * Pods of the Job that failed: the Job's own count, or the failed pods still around. A pod that
   * was evicted or preempted ({@link #disruption}) is not a failure: the Job's podFailurePolicy
   * ignores it, and so does this count.
   */
  static int failed(Job job, List<Pod> pods) {
    int counted =
        job == null || job.getStatus() == null || job.getStatus().getFailed() == null
            ? 0
            : job.getStatus().getFailed();
    long seen =
        pods.stream()
            .filter(p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()))
            .filter(p -> disruption(p).isEmpty())
            .count();
    return (int) Math.max(counted, seen);
  }

  /**
   * The pod's {@code DisruptionTarget=True} condition: Kubernetes (1.26+) sets it on a pod it
   * evicts, preempts or deletes for a node drain or a taint.
   */
  static Optional<PodCondition> disruption(Pod pod) {
    return condition(pod, "DisruptionTarget", "True");
  }

  /** The pod that ended last, by creation time. */
  static Optional<Pod> latestEnded(List<Pod> pods) {
    return pods.stream()
        .filter(TrainerPods::ended)
        .max(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp(), Times.ORDER));
  }

  static boolean trainerRunning(Pod pod) {
    return trainer(pod)
        .map(c -> c.getState() != null && c.getState().getRunning() != null)
        .orElse(false);
  }

  /** Why the trainer container waits (e.g. ImagePullBackOff), if it does. */
  static Optional<ContainerStateWaiting> waiting(Pod pod) {
    return trainer(pod)
        .map(c -> c.getState() == null ? null : c.getState().getWaiting())
        .filter(w -> w.getReason() != null);
  }

  /** The scheduler's PodScheduled=False condition, when no node can take the pod. */
  static Optional<PodCondition> unschedulable(Pod pod) {
    return condition(pod, "PodScheduled", "False")
        .filter(c -> "Unschedulable".equals(c.getReason()));
  }

  /** The pod's condition of {@code type} when it has {@code status}. */
  private static Optional<PodCondition> condition(Pod pod, String type, String status) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .filter(c -> status.equals(c.getStatus()))
        .findFirst();
  }

  private static Optional<ContainerStatus> trainer(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> RunNames.TRAINER_CONTAINER.equals(c.getName()))
        .findFirst();
  }
}
