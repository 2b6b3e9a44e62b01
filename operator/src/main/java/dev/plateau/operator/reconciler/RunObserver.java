package dev.plateau.operator.reconciler;

import dev.plateau.api.contract.RunClaims;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.v1alpha1.Lineage;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.validation.Violation;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.OperatorVersion;
import dev.plateau.operator.dependent.ProgressConfigMapDependentResource;
import dev.plateau.operator.dependent.RenderedConfig;
import dev.plateau.operator.dependent.TrainerJobDependentResource;
import dev.plateau.operator.dependent.TrainerPodTemplate;
import dev.plateau.operator.status.Observed;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;

/**
 * Reads what the status is computed from, from the informer caches only (never the API server): the
 * run's Job and its pods, the progress ConfigMap, and which mounted claims exist. Objects are
 * matched to the run by owner UID, so a Job or pod left behind by a deleted run of the same name is
 * never taken for this run's.
 */
final class RunObserver {

  private final OperatorSettings settings;
  private final ProgressConfigMapDependentResource progress;
  private InformerEventSource<PersistentVolumeClaim, TrainingRun> claims;

  RunObserver(OperatorSettings settings, ProgressConfigMapDependentResource progress) {
    this.settings = settings;
    this.progress = progress;
  }

  void useClaims(InformerEventSource<PersistentVolumeClaim, TrainingRun> claims) {
    this.claims = claims;
  }

  Observed observe(TrainingRun run, Context<TrainingRun> context, List<Violation> violations) {
    Job job =
        context
            .getSecondaryResource(Job.class)
            .filter(j -> ownedBy(j, run.getMetadata().getUid()))
            .orElse(null);
    List<Pod> pods =
        job == null
            ? List.of()
            : context.getSecondaryResources(Pod.class).stream()
                .filter(p -> ownedBy(p, job.getMetadata().getUid()))
                .toList();
    ConfigMap progressConfigMap =
        violations.isEmpty()
            ? progress
                .getSecondaryResource(run, context)
                .filter(c -> ownedBy(c, run.getMetadata().getUid()))
                .orElse(null)
            : null;
    List<String> missingClaims =
        violations.isEmpty()
            ? RunClaims.all(run).stream()
                .filter(
                    name ->
                        claims
                            .get(new ResourceID(name, run.getMetadata().getNamespace()))
                            .isEmpty())
                .toList()
            : List.of();
    return new Observed(
        violations,
        job,
        pods,
        progressConfigMap,
        missingClaims,
        lineage(run, job),
        settings.stopGracePeriod());
  }

  /** What made the Job: read from the Job once it exists, so an upgrade does not rewrite it. */
  private Lineage lineage(TrainingRun run, Job job) {
    if (job == null) {
      return new Lineage(
          TrainerPodTemplate.image(run, settings),
          OperatorVersion.get(),
          RenderedConfig.of(run).hash());
    }
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String image =
        job.getSpec().getTemplate().getSpec().getContainers().stream()
            .filter(c -> RunNames.TRAINER_CONTAINER.equals(c.getName()))
            .findFirst()
            .map(c -> c.getImage())
            .orElse(null);
    return new Lineage(
        image,
        annotations == null
            ? null
            : annotations.get(TrainerJobDependentResource.OPERATOR_VERSION_ANNOTATION),
        annotations == null
            ? null
            : annotations.get(TrainerJobDependentResource.CONFIG_HASH_ANNOTATION));
  }

  private static boolean ownedBy(HasMetadata object, String ownerUid) {
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> ownerUid.equals(o.getUid()));
  }
}
