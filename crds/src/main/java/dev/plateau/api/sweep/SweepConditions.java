package dev.plateau.api.sweep;

import dev.plateau.api.status.Condition;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.TrainingSweepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A sweep's phase and its Running, Complete and Failed conditions, the same for the operator and
 * {@code plateau sweep}: Running while trials are to run, Complete once every trial ended and one
 * has a result, Failed when the spec is invalid or every trial failed; a local sweep stopped by
 * Ctrl-C or SIGTERM is neither.
 */
public final class SweepConditions {

  private SweepConditions() {}

  /** How the sweep stands; {@code interrupted}: a local sweep that was stopped. */
  public static void apply(
      TrainingSweepStatus status,
      SweepLedger ledger,
      boolean interrupted,
      Long generation,
      Instant now) {
    String reason;
    String message;
    boolean running = false;
    boolean complete = false;
    boolean failed = false;
    if (interrupted) {
      reason = Reasons.INTERRUPTED;
      message =
          String.format(
              Locale.ROOT,
              "stopped with %d of %d trials created; each trial's last/ is kept: plateau sweep"
                  + " --resume continues",
              status.getCreated(),
              ledger.plan().trialCount());
    } else if (!ledger.finished()) {
      reason = Reasons.TRIALS_RUNNING;
      running = true;
      message =
          String.format(
              Locale.ROOT,
              "%d of %d trials created, %d running",
              status.getCreated(),
              ledger.plan().trialCount(),
              status.getRunning());
    } else if (status.getBestTrial() != null) {
      reason = Reasons.ALL_TRIALS_ENDED;
      complete = true;
      message =
          String.format(
              Locale.ROOT,
              "%d trials ended (%d completed, %d pruned, %d failed); best %s with %s %s",
              status.getCreated(),
              status.getCompleted(),
              status.getPruned(),
              status.getFailed(),
              status.getBestTrial().getName(),
              ledger.plan().monitor(),
              status.getBestTrial().getBestValue());
    } else {
      reason = Reasons.ALL_TRIALS_FAILED;
      failed = true;
      message = "all " + status.getCreated() + " trials failed: see each trial's Failed condition";
    }
    List<Condition> c = status.getConditions();
    c = set(c, ConditionTypes.RUNNING, running, reason, message, generation, now);
    c = set(c, ConditionTypes.COMPLETE, complete, reason, message, generation, now);
    c = set(c, ConditionTypes.FAILED, failed, reason, message, generation, now);
    status.setConditions(c);
    status.setPhase(Conditions.phase(c));
  }

  /** A sweep whose spec cannot run: Failed/InvalidSpec, and no trial is created. */
  public static void invalid(
      TrainingSweepStatus status, String message, Long generation, Instant now) {
    List<Condition> c = status.getConditions();
    c = set(c, ConditionTypes.RUNNING, false, Reasons.INVALID_SPEC, message, generation, now);
    c = set(c, ConditionTypes.COMPLETE, false, Reasons.INVALID_SPEC, message, generation, now);
    c = set(c, ConditionTypes.FAILED, true, Reasons.INVALID_SPEC, message, generation, now);
    status.setConditions(c);
    status.setPhase(Conditions.phase(c));
  }

  private static List<Condition> set(
      List<Condition> c,
      String type,
      boolean value,
      String reason,
      String message,
      Long generation,
      Instant now) {
    return Conditions.set(
        c, type, value ? Conditions.TRUE : Conditions.FALSE, reason, message, generation, now);
  }
}
