package dev.plateau.operator.status;

import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.ResourcesSpec;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;

/**
 * How a run's Job ended, once it has: completed, or failed with the most useful reason. For a
 * failure the order is: the deadline (the Job killed the trainer), the trainer's own verdict by
 * exit code (invalid input, non-finite metric), running out of memory, the backoff limit, and else
 * a trainer error with its last words.
 *
 * @param complete true when the Job completed; false when it failed
 * @param failureReason a {@link Reasons} constant when it failed
 * @param message what a person reads in the condition
 * @param termination how the last trainer container ended, or null when no pod is left
 */
record RunEnding(
    boolean complete, String failureReason, String message, TrainerTermination termination) {

  static Optional<RunEnding> of(TrainingRun run, Job job, List<Pod> pods) {
    if (job == null) {
      return Optional.empty();
    }
    TrainerTermination last = TrainerTermination.latest(pods).orElse(null);
    if (hasCondition(job, "Complete")) {
      return Optional.of(new RunEnding(true, null, "the trainer finished", last));
    }
    return condition(job, "Failed").map(failed -> failure(run, job, pods, failed, last));
  }

  private static RunEnding failure(
      TrainingRun run, Job job, List<Pod> pods, JobCondition failed, TrainerTermination last) {
    if ("DeadlineExceeded".equals(failed.getReason())) {
      return failed(
          Reasons.DEADLINE_EXCEEDED,
          "the Job ran longer than runPolicy.activeDeadlineSeconds ("
              + job.getSpec().getActiveDeadlineSeconds()
              + " s)",
          last);
    }
    if (last != null && last.exitCode() == ExitCodes.NON_FINITE_METRIC) {
      return failed(
          Reasons.NON_FINITE_METRIC,
          orElse(last.message(), "the monitored metric became NaN or infinite"),
          last);
    }
    if (last != null && last.exitCode() == ExitCodes.INVALID_INPUT) {
      return failed(
          Reasons.INVALID_INPUT,
          orElse(last.message(), "the trainer rejected its input (exit code 2)"),
          last);
    }
    if (last != null && last.oomKilled()) {
      return failed(Reasons.OOM_KILLED, outOfMemory(run), last);
    }
    if ("BackoffLimitExceeded".equals(failed.getReason())) {
      return failed(
          Reasons.BACKOFF_LIMIT_EXCEEDED,
          pods(TrainerPods.failed(job, pods))
              + " failed, more than runPolicy.backoffLimit ("
              + job.getSpec().getBackoffLimit()
              + ") allows"
              + (last == null ? "" : "; the last: " + exitSummary(last)),
          last);
    }
    String jobMessage = failed.getMessage() == null ? "" : failed.getMessage();
    return failed(
        Reasons.TRAINER_ERROR,
        "the trainer failed: " + (last == null ? jobMessage : exitSummary(last)),
        last);
  }

  static String outOfMemory(TrainingRun run) {
    ResourcesSpec resources = run.getSpec().getResources();
    Quantity limit =
        resources == null || resources.getLimits() == null
            ? null
            : resources.getLimits().getMemory();
    return "the trainer ran out of memory"
        + (limit == null ? "" : " (limits.memory " + limit + ")")
        + ": raise spec.resources.limits.memory or lower spec.training.batchSize";
  }

  /** "exit code 1: what the trainer said". */
  static String exitSummary(TrainerTermination last) {
    String message = last.message();
    return "exit code " + last.exitCode() + (message.isEmpty() ? "" : ": " + message);
  }

  private static RunEnding failed(String reason, String message, TrainerTermination last) {
    return new RunEnding(false, reason, message, last);
  }

  private static String orElse(String text, String fallback) {
    return text == null || text.isBlank() ? fallback : text;
  }

  private static boolean hasCondition(Job job, String type) {
    return condition(job, type).isPresent();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** "1 trainer pod", "3 trainer pods". */
  private static String pods(int n) {
    return n + (n == 1 ? " trainer pod" : " trainer pods");
  }
}
