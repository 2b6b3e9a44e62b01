package dev.plateau.operator.status;

import static dev.plateau.operator.status.Verdict.no;
import static dev.plateau.operator.status.Verdict.unknown;
import static dev.plateau.operator.status.Verdict.yes;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/** The outcome of a run with a valid spec, from its Job and pods and the previous status. */
final class RunOutcomes {

  private static final String NOT_ENDED = "the run has not ended";

  private RunOutcomes() {}

  static Outcome of(
      TrainingRun run, Observed observed, TrainingRunStatus previous, ProgressSnapshot progress) {
    Job job = observed.job();
    int failedPods = TrainerPods.failed(job, observed.pods());
    Optional<RunEnding> ending = RunEnding.of(run, job, observed.pods());
    if (ending.isPresent()) {
      return ended(run, observed, previous, progress, ending.get(), failedPods);
    }
    if (job == null && endedBefore(previous)) {
      // The Job is gone after the end (ttlSecondsAfterFinished): the status keeps the ending.
      return keep(previous);
    }
    Verdict accepted = yes(Reasons.SPEC_VALID, "the spec is valid");
    if (job == null && previous.getJobName() != null) {
      String message =
          "the Job "
              + previous.getJobName()
              + " was deleted before the run ended; create a new TrainingRun to train again";
      return new Outcome(
          accepted,
          no(Reasons.ENDED, "training ended: " + Reasons.JOB_DELETED),
          no(Reasons.JOB_DELETED, "the run failed"),
          yes(Reasons.JOB_DELETED, message),
          true,
          null,
          previous.getAttempt(),
          previous.getJobName());
    }
    int attempt = failedPods + 1;
    return new Outcome(
        accepted,
        RunningStates.of(run, observed, attempt),
        unknown(NOT_ENDED),
        unknown(NOT_ENDED),
        false,
        null,
        job == null ? null : attempt,
        job == null ? null : job.getMetadata().getName());
  }

  private static Outcome ended(
      TrainingRun run,
      Observed observed,
      TrainingRunStatus previous,
      ProgressSnapshot progress,
      RunEnding ending,
      int failedPods) {
    Verdict accepted = yes(Reasons.SPEC_VALID, "the spec is valid");
    String jobName = observed.job().getMetadata().getName();
    TrainingResult result = null;
    String reason = ending.failureReason();
    String message = ending.message();
    if (ending.complete() || Reasons.NON_FINITE_METRIC.equals(reason)) {
      result =
          ContractJson.copy(
              RunResults.resolve(
                  run,
                  ending.termination(),
                  observed.progressConfigMap(),
                  previous.getResult(),
                  progress),
              TrainingResult.class);
      if (Reasons.NON_FINITE_METRIC.equals(reason)
          || result.getStopReason() == StopReason.NonFiniteMetric) {
        result.setStopReason(StopReason.NonFiniteMetric);
        reason = Reasons.NON_FINITE_METRIC;
        message = ending.complete() ? nonFinite(result) : message;
      }
    }
    if (reason == null) {
      reason =
          result.getStopReason() == StopReason.MaxEpochsReached
              ? Reasons.MAX_EPOCHS_REACHED
              : result.getStopReason() == StopReason.Pruned
                  ? Reasons.PRUNED
                  : Reasons.EARLY_STOPPED;
      result.setStopReason(StopReason.valueOf(reason));
      return new Outcome(
          accepted,
          no(Reasons.ENDED, "training ended: " + reason),
          yes(reason, completion(result)),
          no(reason, "the run completed"),
          true,
          result,
          failedPods + 1,
          jobName);
    }
    return new Outcome(
        accepted,
        no(Reasons.ENDED, "training ended: " + reason),
        no(reason, "the run failed"),
        yes(reason, message),
        true,
        result,
        Math.max(1, failedPods),
        jobName);
  }

  private static String completion(TrainingResult result) {
    String best =
        result.getBestEpoch() == null
            ? ""
            : "; best epoch "
                + result.getBestEpoch()
                + (result.getBestMetric() == null
                    ? ""
                    : " (" + result.getMonitor() + " " + result.getBestMetric() + ")");
    Integer epochs = result.getEpochs();
    String how =
        switch (result.getStopReason()) {
          case MaxEpochsReached ->
              epochs == null ? "ran all epochs" : "ran all " + epochs + " epochs";
          case Pruned ->
              (epochs == null ? "pruned" : "pruned after " + epochs + " epochs")
                  + ": stopped when asked to (stop.json)";
          default ->
              (epochs == null ? "stopped early" : "stopped early after " + epochs + " epochs")
                  + ": the monitor stopped improving";
        };
    return how + best;
  }

  private static String nonFinite(TrainingResult result) {
    return "the monitored metric became NaN or infinite"
        + (result.getBestEpoch() == null
            ? ""
            : "; the best checkpoint is epoch " + result.getBestEpoch());
  }

  static boolean endedBefore(TrainingRunStatus previous) {
    return Conditions.isTrue(previous.getConditions(), ConditionTypes.COMPLETE)
        || Conditions.find(previous.getConditions(), ConditionTypes.FAILED)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .filter(c -> !Reasons.INVALID_SPEC.equals(c.getReason()))
            .isPresent();
  }

  /** The previous status's ending, kept as it is. */
  static Outcome keep(TrainingRunStatus previous) {
    return new Outcome(
        verdict(previous, ConditionTypes.ACCEPTED),
        verdict(previous, ConditionTypes.RUNNING),
        verdict(previous, ConditionTypes.COMPLETE),
        verdict(previous, ConditionTypes.FAILED),
        true,
        previous.getResult(),
        previous.getAttempt(),
        previous.getJobName());
  }

  private static Verdict verdict(TrainingRunStatus previous, String type) {
    return Conditions.find(previous.getConditions(), type)
        .map(c -> new Verdict(c.getStatus(), c.getReason(), c.getMessage()))
        .orElse(unknown(""));
  }
}
