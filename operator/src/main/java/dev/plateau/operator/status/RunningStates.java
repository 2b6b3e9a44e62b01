package dev.plateau.operator.status;

import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.RunPolicy;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Running condition of a run that has not ended. Problems that may fix themselves (a claim
 * created late, an image pushed late, a GPU freed) are {@code Running=False} with their reason,
 * never terminal.
 */
final class RunningStates {

  private static final Set<String> IMAGE_PULL_PROBLEMS =
      Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");

  /** Exit codes the Job's podFailurePolicy fails the Job on. */
  private static final Set<Integer> FINAL_EXIT_CODES =
      Set.of(ExitCodes.INVALID_INPUT, ExitCodes.NON_FINITE_METRIC);

  private RunningStates() {}

  static Verdict of(TrainingRun run, Observed observed, int attempt) {
    Job job = observed.job();
    if (job == null) {
      return Verdict.no(Reasons.PENDING, "waiting for the Job to be created");
    }
    Optional<Pod> active = TrainerPods.active(observed.pods());
    if (active.isPresent() && TrainerPods.trainerRunning(active.get())) {
      return Verdict.yes(Reasons.TRAINING, "the trainer is training (attempt " + attempt + ")");
    }
    if (!observed.missingClaims().isEmpty()) {
      return Verdict.no(Reasons.CLAIM_NOT_FOUND, missingClaims(run, observed.missingClaims()));
    }
    RunPolicy policy = run.getSpec().getRunPolicy();
    if (policy != null && policy.suspendOrDefault()) {
      return Verdict.no(
          Reasons.SUSPENDED, "runPolicy.suspend is true: the trainer saves last/ and stops");
    }
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      if (policy != null && policy.getQueueName() != null) {
        return Verdict.no(
            Reasons.QUEUED,
            "waiting for Kueue to admit the Job (queue " + policy.getQueueName() + ")");
      }
      return Verdict.no(Reasons.PENDING, "the Job is being resumed");
    }
    if (active.isPresent()) {
      return pending(active.get());
    }
    return betweenPods(run, observed, attempt);
  }

  private static Verdict pending(Pod pod) {
    Optional<ContainerStateWaiting> waiting = TrainerPods.waiting(pod);
    if (waiting.isPresent() && IMAGE_PULL_PROBLEMS.contains(waiting.get().getReason())) {
      String message = waiting.get().getMessage();
      return Verdict.no(
          Reasons.IMAGE_PULL_BACK_OFF,
          "cannot pull the trainer image"
              + (message == null || message.isBlank() ? "" : ": " + message));
    }
    Optional<PodCondition> unschedulable = TrainerPods.unschedulable(pod);
    if (unschedulable.isPresent()) {
      String message = unschedulable.get().getMessage();
      return Verdict.no(
          Reasons.UNSCHEDULABLE,
          "no node can take the trainer pod"
              + (message == null || message.isBlank() ? "" : ": " + message));
    }
    return Verdict.no(
        Reasons.PENDING, "the trainer pod " + pod.getMetadata().getName() + " is starting");
  }

  /** No pod is active: the Job is about to start one, or to finish. */
  private static Verdict betweenPods(TrainingRun run, Observed observed, int attempt) {
    Optional<TrainerTermination> last = TrainerTermination.latest(observed.pods());
    if (last.isPresent() && last.get().exitCode() == 0) {
      return Verdict.no(Reasons.ENDED, "the trainer finished; waiting for the Job to complete");
    }
    if (last.isPresent() && FINAL_EXIT_CODES.contains(last.get().exitCode())) {
      // The podFailurePolicy fails the Job on these: there will be no retry.
      return Verdict.no(
          Reasons.ENDED,
          "the trainer gave up ("
              + RunEnding.exitSummary(last.get())
              + "); waiting for the Job to fail");
    }
    Optional<Pod> ended = TrainerPods.latestEnded(observed.pods());
    Optional<PodCondition> disrupted = ended.flatMap(TrainerPods::disruption);
    if (disrupted.isPresent()) {
      return Verdict.no(
          Reasons.DISRUPTED,
          "the trainer pod "
              + ended.get().getMetadata().getName()
              + " was evicted or preempted ("
              + (disrupted.get().getReason() == null
                  ? "DisruptionTarget"
                  : disrupted.get().getReason())
              + "); not a failed attempt: the next pod resumes from last/");
    }
    if (last.isPresent()) {
      String failedAttempt = "attempt " + (attempt - 1);
      if (last.get().oomKilled()) {
        return Verdict.no(
            Reasons.OOM_KILLED,
            failedAttempt + ": " + RunEnding.outOfMemory(run) + "; the Job retries from last/");
      }
      return Verdict.no(
          Reasons.RETRYING,
          failedAttempt
              + " failed ("
              + RunEnding.exitSummary(last.get())
              + "); the Job retries from last/");
    }
    return Verdict.no(Reasons.JOB_CREATED, "the Job was created; waiting for its pod");
  }

  private static String missingClaims(TrainingRun run, List<String> claims) {
    return "PersistentVolumeClaim "
        + String.join(", ", claims)
        + " not found in namespace "
        + run.getMetadata().getNamespace()
        + ": create it or fix the claim name in the spec";
  }
}
