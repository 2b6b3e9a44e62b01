package dev.plateau.operator.reconciler;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.operator.status.StatusCalculator;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The Job is reconciled (created, or its suspend patched) only while the run has not ended, and
 * created only once: a run whose Job was deleted from outside (its status names a Job that is gone)
 * fails with JobDeleted instead of silently starting over, and a Job removed by {@code
 * ttlSecondsAfterFinished} is not brought back.
 */
public class JobPrecondition implements Condition<Job, TrainingRun> {

  @Override
  public boolean isMet(
      DependentResource<Job, TrainingRun> dependent,
      TrainingRun run,
      Context<TrainingRun> context) {
    if (StatusCalculator.hasEnded(run.getStatus())) {
      return false;
    }
    TrainingRunStatus status = run.getStatus();
    boolean createdBefore = status != null && status.getJobName() != null;
    return !createdBefore || dependent.getSecondaryResource(run, context).isPresent();
  }
}
