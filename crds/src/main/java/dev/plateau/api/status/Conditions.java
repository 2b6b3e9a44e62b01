package dev.plateau.api.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that sets a condition and derives the phase. A condition's {@code
 * lastTransitionTime} moves only when its status moves.
 */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  /**
   * A copy of {@code current} with the condition {@code type} set. The transition time is kept when
   * the status is unchanged, so a reason or message change is not a transition.
   */
  public static List<Condition> set(
      List<Condition> current,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    List<Condition> next = new ArrayList<>(current == null ? List.of() : current);
    Optional<Condition> previous = find(next, type);
    String transition =
        previous
            .filter(p -> status.equals(p.getStatus()) && p.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition condition =
        new Condition(
            type, status, reason, message == null ? "" : message, transition, observedGeneration);
    previous.ifPresentOrElse(p -> next.set(next.indexOf(p), condition), () -> next.add(condition));
    return next;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /**
   * The phase: Failed, Succeeded or Suspended when that condition is True (in that order of
   * precedence), Running while the Running condition is True, else Pending.
   */
  public static Phase phase(List<Condition> conditions) {
    if (isTrue(conditions, ConditionTypes.FAILED)) {
      return Phase.Failed;
    }
    if (isTrue(conditions, ConditionTypes.COMPLETE)) {
      return Phase.Succeeded;
    }
    if (isTrue(conditions, ConditionTypes.SUSPENDED)) {
      return Phase.Suspended;
    }
    if (isTrue(conditions, ConditionTypes.RUNNING)) {
      return Phase.Running;
    }
    return Phase.Pending;
  }
}
