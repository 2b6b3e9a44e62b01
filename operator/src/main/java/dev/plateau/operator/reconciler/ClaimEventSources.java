package dev.plateau.operator.reconciler;

import dev.plateau.api.contract.RunClaims;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one informer without a label selector: the claims a run mounts are mostly the user's (the
 * dataset claim, an existing checkpoint claim), which carry none of our labels, and the status must
 * say when one is missing. The operator's own checkpoint PVC shares it. Runs are found from a claim
 * by scanning the runs of its namespace, and claims from a run by name, so a claim that existed
 * before the run is found too.
 */
final class ClaimEventSources {

  static final String NAME = "claims";

  private ClaimEventSources() {}

  static InformerEventSource<PersistentVolumeClaim, TrainingRun> create(
      EventSourceContext<TrainingRun> context) {
    var primaries = context.getPrimaryCache();
    InformerEventSourceConfiguration<PersistentVolumeClaim> configuration =
        InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, TrainingRun.class)
            .withName(NAME)
            .withSecondaryToPrimaryMapper(
                claim ->
                    primaries
                        .list(claim.getMetadata().getNamespace())
                        .filter(run -> RunClaims.all(run).contains(claim.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(ClaimEventSources::claimsOf)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  static Set<ResourceID> claimsOf(TrainingRun run) {
    return RunClaims.all(run).stream()
        .map(name -> new ResourceID(name, run.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }
}
