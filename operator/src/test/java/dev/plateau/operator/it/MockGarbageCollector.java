package dev.plateau.operator.it;

import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What Kubernetes' garbage collector would do in one namespace, for the mock server, which has
 * none: delete every object whose owner is gone, until nothing more goes (a Job's pods follow the
 * Job). It acts only on owner references, so it proves the operator set them.
 */
final class MockGarbageCollector {

  private MockGarbageCollector() {}

  static void collect(KubernetesClient client, String namespace) {
    boolean deleted;
    do {
      List<HasMetadata> objects = objects(client, namespace);
      Set<String> alive =
          objects.stream().map(o -> o.getMetadata().getUid()).collect(Collectors.toSet());
      deleted = false;
      for (HasMetadata object : objects) {
        boolean orphaned =
            !object.getMetadata().getOwnerReferences().isEmpty()
                && object.getMetadata().getOwnerReferences().stream()
                    .noneMatch(o -> alive.contains(o.getUid()));
        if (orphaned) {
          client.resource(object).delete();
          deleted = true;
        }
      }
    } while (deleted);
  }

  private static List<HasMetadata> objects(KubernetesClient client, String namespace) {
    List<HasMetadata> objects = new ArrayList<>();
    Stream.of(
            client.resources(TrainingRun.class).inNamespace(namespace).list().getItems(),
            client.configMaps().inNamespace(namespace).list().getItems(),
            client.serviceAccounts().inNamespace(namespace).list().getItems(),
            client.rbac().roles().inNamespace(namespace).list().getItems(),
            client.rbac().roleBindings().inNamespace(namespace).list().getItems(),
            client.persistentVolumeClaims().inNamespace(namespace).list().getItems(),
            client.batch().v1().jobs().inNamespace(namespace).list().getItems(),
            client.pods().inNamespace(namespace).list().getItems())
        .forEach(objects::addAll);
    return objects;
  }

  /** A user's claim, e.g. the dataset claim a run mounts. */
  static PersistentVolumeClaim claim(String namespace, String name) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadOnlyMany")
        .withNewResources()
        .addToRequests("storage", new Quantity("10Gi"))
        .endResources()
        .endSpec()
        .build();
  }
}
