package dev.plateau.operator.dependent;

import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The labels on everything the operator makes for a run. Informers select on them, and an object is
 * mapped back to its run through {@link #RUN}, which also works for a retained PVC that has no
 * owner reference.
 */
public final class RunLabels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String RUN = "plateau.dev/run";

  /** Which of a run's objects this is; keeps the two ConfigMap informers' caches disjoint. */
  public static final String COMPONENT = "plateau.dev/component";

  public static final String APP = "plateau";
  public static final String OPERATOR = "plateau-operator";

  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

  private RunLabels() {}

  /** The three labels every owned object carries, plus its component. */
  public static Map<String, String> of(TrainingRun run, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, APP);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(RUN, run.getMetadata().getName());
    labels.put(COMPONENT, component);
    return labels;
  }

  /** Metadata of an object named {@code name} in the run's namespace, labelled for the run. */
  public static ObjectMeta metadata(TrainingRun run, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(of(run, component))
        .build();
  }

  /** The label selector of the informer that watches one component of every run. */
  public static String selector(String component) {
    return MANAGED_BY + "=" + OPERATOR + "," + RUN + "," + COMPONENT + "=" + component;
  }

  /** The run an object belongs to, from its run label; empty when it has none. */
  public static Set<ResourceID> toRun(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String run = labels == null ? null : labels.get(RUN);
    if (run == null) {
      return Set.of();
    }
    return Set.of(new ResourceID(run, object.getMetadata().getNamespace()));
  }
}
