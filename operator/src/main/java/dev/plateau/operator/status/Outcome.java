package dev.plateau.operator.status;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.TrainingResult;
import java.util.Map;

/**
 * Where a run stands: the verdicts of the conditions other than Suspended, and the fields that go
 * with them.
 *
 * @param ended whether training has ended for good (Complete or Failed from the Job)
 * @param result the result, only when ended normally or on a non-finite metric
 * @param attempt the trainer pod attempt, or null before there is a Job
 * @param jobName the run's Job, or null before there is one
 */
record Outcome(
    Verdict accepted,
    Verdict running,
    Verdict complete,
    Verdict failed,
    boolean ended,
    TrainingResult result,
    Integer attempt,
    String jobName) {

  Map<String, Verdict> verdicts(Verdict suspended) {
    return Map.of(
        ConditionTypes.ACCEPTED, accepted,
        ConditionTypes.RUNNING, running,
        ConditionTypes.COMPLETE, complete,
        ConditionTypes.FAILED, failed,
        ConditionTypes.SUSPENDED, suspended);
  }
}
