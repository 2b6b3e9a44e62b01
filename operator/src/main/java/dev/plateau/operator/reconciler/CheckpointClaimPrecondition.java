package dev.plateau.operator.reconciler;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.dependent.CheckpointClaimDependentResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The operator makes a checkpoint PVC only when the spec gives {@code checkpoints.size}. */
public class CheckpointClaimPrecondition implements Condition<PersistentVolumeClaim, TrainingRun> {

  @Override
  public boolean isMet(
      DependentResource<PersistentVolumeClaim, TrainingRun> dependent,
      TrainingRun run,
      Context<TrainingRun> context) {
    return CheckpointClaimDependentResource.wanted(run);
  }
}
