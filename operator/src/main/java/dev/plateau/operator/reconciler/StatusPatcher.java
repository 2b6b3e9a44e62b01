package dev.plateau.operator.reconciler;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.operator.status.ApiCallFailed;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.function.Supplier;

/**
 * Writes a run's (or a sweep's) status, and puts the patched resource into JOSDK's cache so the
 * next pass sees its own status even before the informer does.
 *
 * <p>With server-side apply (the default) the patch is a fresh object holding only the run's
 * identity and the status, never the run as read: sending the spec would make the operator an owner
 * of the user's spec fields and break their next {@code kubectl apply --server-side}. Without it
 * (the fabric8 mock server has none) it is a JSON Patch that sets {@code /status} whole: unlike a
 * merge patch it replaces the condition list on every server (the mock merges lists by appending),
 * and unlike a diff it does not depend on the status the run was read with.
 */
final class StatusPatcher {

  private StatusPatcher() {}

  /**
   * Patches a run's status.
   *
   * @throws ApiCallFailed when the API server refuses the patch
   */
  static TrainingRun patch(
      TrainingRun run, TrainingRunStatus status, Context<TrainingRun> context) {
    return patch(run, status, context, TrainingRun::new);
  }

  /**
   * Patches the status of any of Plateau's resources (runs and sweeps).
   *
   * @param blank makes an empty resource of the same kind, for the patch body
   * @throws ApiCallFailed when the API server refuses the patch
   */
  static <S, R extends CustomResource<?, S>> R patch(
      R resource, S status, Context<R> context, Supplier<R> blank) {
    try {
      return write(resource, status, context, blank);
    } catch (KubernetesClientException e) {
      throw ApiCallFailed.of("patching the status of", resource, e);
    }
  }

  private static <S, R extends CustomResource<?, S>> R write(
      R resource, S status, Context<R> context, Supplier<R> blank) {
    boolean ssa =
        context
            .getControllerConfiguration()
            .getConfigurationService()
            .useSSAToPatchPrimaryResource();
    if (ssa) {
      return PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
          resource, fresh(resource, status, blank), context);
    }
    String patch =
        "[{\"op\":\"add\",\"path\":\"/status\",\"value\":"
            + context.getClient().getKubernetesSerialization().asJson(status)
            + "}]";
    return PrimaryUpdateAndCacheUtils.updateAndCacheResource(
        resource,
        context,
        r -> fresh(r, status, blank),
        r ->
            context
                .getClient()
                .resource(r)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch));
  }

  /** A run holding nothing but its identity and {@code status}. */
  static TrainingRun fresh(TrainingRun run, TrainingRunStatus status) {
    return fresh(run, status, TrainingRun::new);
  }

  private static <S, R extends CustomResource<?, S>> R fresh(
      R resource, S status, Supplier<R> blank) {
    R fresh = blank.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    fresh.setSpec(null);
    fresh.setStatus(status);
    return fresh;
  }
}
