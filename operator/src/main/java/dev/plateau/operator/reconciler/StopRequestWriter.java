package dev.plateau.operator.reconciler;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.operator.status.ApiCallFailed;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes a stop request into a run's progress ConfigMap (one JSON merge patch of its {@code
 * stop.json} key), where the trainer reads it in the answer to its next progress patch: no new
 * right for the trainer, whose Role allows only get and patch on that ConfigMap. A request already
 * there is left as it is, so a retried pass does not move the grace period's start.
 */
final class StopRequestWriter {

  private StopRequestWriter() {}

  /**
   * @return false when the ConfigMap does not exist (yet): the caller tries again on the next
   *     report
   * @throws ApiCallFailed when the API server refuses the patch
   */
  static boolean write(KubernetesClient client, String namespace, String run, StopRequest request) {
    String name = RunNames.progressConfigMap(run);
    ConfigMap patch =
        new ConfigMapBuilder()
            .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
            .addToData(TrainerPaths.STOP_KEY, ContractJson.write(request))
            .build();
    try {
      ConfigMap current = client.configMaps().inNamespace(namespace).withName(name).get();
      if (current == null) {
        return false;
      }
      if (current.getData() != null && current.getData().containsKey(TrainerPaths.STOP_KEY)) {
        // Already asked (a retried pass): the first request and its time stand.
        return true;
      }
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw ApiCallFailed.of("writing the stop request into", patch, e);
    }
  }
}
