package dev.plateau.operator.status;

import static dev.plateau.operator.status.Verdict.no;
import static dev.plateau.operator.status.Verdict.yes;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.status.Condition;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.api.validation.Violation;
import dev.plateau.operator.status.StatusUpdate.Transition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The status of a run as a pure function of the run (spec and previous status), what was observed
 * and the clock. The operator is the status's only writer and this is the only place that decides
 * it; see CONTROLLER.md for the table.
 */
public final class StatusCalculator {

  /** Running=False reasons that mean the run is held up; their transitions are Warnings. */
  private static final Set<String> HELD_UP =
      Set.of(
          Reasons.CLAIM_NOT_FOUND,
          Reasons.IMAGE_PULL_BACK_OFF,
          Reasons.UNSCHEDULABLE,
          Reasons.OOM_KILLED,
          Reasons.RETRYING);

  private static final int MAX_MESSAGE = 1024;

  private StatusCalculator() {}

  /** The status after a pass that succeeded: Synced=True. */
  public static StatusUpdate compute(TrainingRun run, Observed observed, Clock clock) {
    return compute(run, observed, clock, null);
  }

  /**
   * The status from what was observed.
   *
   * @param error why the pass failed (Synced=False/ReconcileError with its message), or null when
   *     it succeeded
   */
  public static StatusUpdate compute(
      TrainingRun run, Observed observed, Clock clock, ReconcileError error) {
    TrainingRunStatus previous =
        run.getStatus() == null ? new TrainingRunStatus() : run.getStatus();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Long generation = run.getMetadata().getGeneration();
    ProgressSnapshots.Reading reading =
        ProgressSnapshots.read(
            observed.progressConfigMap(),
            run.getMetadata().getUid(),
            previous.getProgress(),
            minEpochs(run));
    ProgressSnapshot progress =
        reading.snapshot() != null ? reading.snapshot() : previous.getProgress();

    Optional<StopRequest> request = StopRequests.read(observed.progressConfigMap());
    boolean enforcedBefore = StopRequests.enforced(previous);
    Outcome outcome;
    Instant enforcedAt = null;
    if (enforcedBefore) {
      // Ended by the operator: whatever the deleted Job's pods (or a later edit of the spec) do
      // now does not change that.
      outcome = RunOutcomes.keep(previous);
    } else if (!observed.violations().isEmpty()) {
      outcome = invalid(observed.violations());
    } else {
      outcome = RunOutcomes.of(run, observed, previous, progress);
      Optional<Instant> deadline =
          request.flatMap(r -> StopRequests.deadline(r.requestedAt(), observed.stopGracePeriod()));
      if (!outcome.ended()
          && observed.job() != null
          && deadline.isPresent()
          && !now.isBefore(deadline.get())) {
        outcome =
            StopRequests.enforce(
                run,
                previous,
                progress,
                request.get(),
                observed.stopGracePeriod(),
                observed.job().getMetadata().getName());
        enforcedAt = now;
      }
    }

    Map<String, Verdict> verdicts = new HashMap<>(outcome.verdicts(suspended(run, outcome)));
    verdicts.put(
        ConditionTypes.SYNCED,
        error == null
            ? Verdict.yes(Reasons.RECONCILE_SUCCESS, "every API call for the run succeeded")
            : Verdict.no(Reasons.RECONCILE_ERROR, error.message()));
    List<Condition> conditions = previous.getConditions();
    List<Transition> transitions = new ArrayList<>();
    for (String type : ConditionTypes.ALL) {
      Verdict verdict = verdicts.get(type);
      String message = truncate(verdict.message());
      Optional<Condition> before = Conditions.find(previous.getConditions(), type);
      conditions =
          Conditions.set(
              conditions, type, verdict.status(), verdict.reason(), message, generation, now);
      if (isTransition(before, type, verdict, message)) {
        transitions.add(
            new Transition(
                type, verdict.status(), verdict.reason(), message, isWarning(type, verdict)));
      }
    }

    TrainingRunStatus next = new TrainingRunStatus();
    next.setConditions(conditions);
    next.setPhase(Conditions.phase(conditions));
    next.setObservedGeneration(generation);
    // The time left means something only while the trainer trains: not suspended, not ended.
    next.setProgress(
        Conditions.isTrue(conditions, ConditionTypes.RUNNING) ? progress : withoutEta(progress));
    next.setResult(outcome.result());
    next.setJobName(outcome.jobName());
    next.setAttempt(outcome.attempt());
    next.setStartTime(
        previous.getStartTime() != null ? previous.getStartTime() : startTime(observed.job()));
    next.setCompletionTime(outcome.ended() ? completionTime(previous, observed.job(), now) : null);
    next.setLineage(observed.violations().isEmpty() ? observed.lineage() : previous.getLineage());
    Instant enforced = enforcedAt;
    next.setStopRequest(
        enforcedBefore
            ? previous.getStopRequest()
            : request.map(r -> StopRequests.status(r, enforced)).orElse(null));
    StopRequest toSend = null;
    next.setEarlyStopping(previous.getEarlyStopping());
    if (observed.violations().isEmpty() && EnforcedRule.applies(run) && !outcome.ended()) {
      EnforcedRule.Step step =
          EnforcedRule.apply(run, previous.getEarlyStopping(), progress, clock.instant());
      next.setEarlyStopping(step.state());
      // One request: once the trainer has it, the grace period runs from its time.
      toSend = request.isPresent() ? null : step.request();
    }
    return new StatusUpdate(next, transitions, reading.rejection(), toSend);
  }

  private static int minEpochs(TrainingRun run) {
    EarlyStoppingSpec earlyStopping = run.getSpec().getEarlyStopping();
    return earlyStopping == null
        ? EarlyStoppingSpec.DEFAULT_MIN_EPOCHS
        : earlyStopping.minEpochsOrDefault();
  }

  /** The snapshot without its time-left estimate, which means nothing once training ended. */
  private static ProgressSnapshot withoutEta(ProgressSnapshot progress) {
    if (progress == null || progress.getEta() == null) {
      return progress;
    }
    ProgressSnapshot copy = ContractJson.mapper().convertValue(progress, ProgressSnapshot.class);
    copy.setEta(null);
    return copy;
  }

  /** Whether training ended for good: Complete, or Failed for a reason other than the spec. */
  public static boolean hasEnded(TrainingRunStatus status) {
    return status != null && RunOutcomes.endedBefore(status);
  }

  private static Outcome invalid(List<Violation> violations) {
    String message =
        "invalid spec: "
            + violations.stream().map(Violation::forPeople).collect(Collectors.joining("; "));
    return new Outcome(
        no(Reasons.INVALID_SPEC, message),
        no(Reasons.INVALID_SPEC, "not started: the spec is invalid"),
        no(Reasons.INVALID_SPEC, "not started: the spec is invalid"),
        yes(Reasons.INVALID_SPEC, message),
        false,
        null,
        null,
        null);
  }

  private static Verdict suspended(TrainingRun run, Outcome outcome) {
    if (outcome.ended()) {
      return no(Reasons.NOT_SUSPENDED, "the run has ended");
    }
    boolean suspend =
        run.getSpec().getRunPolicy() != null && run.getSpec().getRunPolicy().suspendOrDefault();
    return suspend
        ? yes(Reasons.SUSPENDED, "runPolicy.suspend is true")
        : no(Reasons.NOT_SUSPENDED, "runPolicy.suspend is false");
  }

  /**
   * A condition transitions when its status or reason moves. Not news: a condition still Unknown, a
   * run that starts out not suspended, and Complete or Failed turning False (the other one says how
   * the run ended).
   */
  private static boolean isTransition(
      Optional<Condition> before, String type, Verdict verdict, String message) {
    boolean toFalse = Conditions.FALSE.equals(verdict.status());
    if (ConditionTypes.SYNCED.equals(type)) {
      // An Event for each new error and for the recovery, none for the first success.
      boolean wasFalse = before.isPresent() && Conditions.FALSE.equals(before.get().getStatus());
      return toFalse ? !wasFalse || !message.equals(before.get().getMessage()) : wasFalse;
    }
    if (Conditions.UNKNOWN.equals(verdict.status())
        || (toFalse
            && (ConditionTypes.COMPLETE.equals(type) || ConditionTypes.FAILED.equals(type)))) {
      return false;
    }
    if (before.isEmpty()) {
      return !(ConditionTypes.SUSPENDED.equals(type) && toFalse);
    }
    return !verdict.status().equals(before.get().getStatus())
        || !verdict.reason().equals(before.get().getReason());
  }

  private static boolean isWarning(String type, Verdict verdict) {
    return switch (type) {
      case ConditionTypes.FAILED -> Conditions.TRUE.equals(verdict.status());
      case ConditionTypes.ACCEPTED -> Conditions.FALSE.equals(verdict.status());
      case ConditionTypes.RUNNING -> HELD_UP.contains(verdict.reason());
      case ConditionTypes.SYNCED -> Conditions.FALSE.equals(verdict.status());
      default -> false;
    };
  }

  private static String startTime(Job job) {
    return job == null || job.getStatus() == null ? null : job.getStatus().getStartTime();
  }

  private static String completionTime(TrainingRunStatus previous, Job job, Instant now) {
    if (previous.getCompletionTime() != null) {
      return previous.getCompletionTime();
    }
    if (job != null && job.getStatus() != null && job.getStatus().getCompletionTime() != null) {
      return job.getStatus().getCompletionTime();
    }
    return now.toString();
  }

  private static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
