package dev.plateau.operator.reconciler;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes a run's status. The patch carries a fresh object holding only the run's identity and the
 * status, never the run as read: with server-side apply, sending the spec would make the operator
 * an owner of the user's spec fields and break their next {@code kubectl apply --server-side}. The
 * patched run goes into JOSDK's cache, so the next pass sees its own status even before the
 * informer does. Against the fabric8 mock server (no server-side apply) it is a JSON merge patch of
 * the same fresh object.
 */
final class StatusPatcher {

  private StatusPatcher() {}

  static TrainingRun patch(
      TrainingRun run, TrainingRunStatus status, Context<TrainingRun> context) {
    TrainingRun fresh = new TrainingRun();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(run.getMetadata().getName())
            .withNamespace(run.getMetadata().getNamespace())
            .build());
    fresh.setSpec(null);
    fresh.setStatus(status);
    boolean ssa =
        context
            .getControllerConfiguration()
            .getConfigurationService()
            .useSSAToPatchPrimaryResource();
    return ssa
        ? PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(run, fresh, context)
        : PrimaryUpdateAndCacheUtils.mergePatchStatusAndCacheResource(run, context, r -> fresh);
  }
}
