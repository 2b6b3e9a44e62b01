package dev.plateau.operator.status;

import dev.plateau.api.v1alpha1.Lineage;
import dev.plateau.api.validation.Violation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;

/**
 * What the reconciler saw of a run this pass, read from the informer caches: everything the status
 * is computed from besides the run itself and the clock.
 *
 * @param violations why the spec cannot run; empty when it can
 * @param job the run's Job, or null when there is none
 * @param pods the trainer pods of that Job, in any order
 * @param progressConfigMap the {@code <run>-progress} ConfigMap, or null
 * @param missingClaims claims the trainer pod mounts that do not exist
 * @param lineage image, operator version and config hash of the run
 * @param stopGracePeriod how long the trainer has to honour a stop request
 */
public record Observed(
    List<Violation> violations,
    Job job,
    List<Pod> pods,
    ConfigMap progressConfigMap,
    List<String> missingClaims,
    Lineage lineage,
    Duration stopGracePeriod) {

  public Observed {
    violations = List.copyOf(violations);
    pods = List.copyOf(pods);
    missingClaims = List.copyOf(missingClaims);
  }
}
