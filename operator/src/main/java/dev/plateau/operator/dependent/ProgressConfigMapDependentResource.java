package dev.plateau.operator.dependent;

import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;

/**
 * {@code <run>-progress}: the trainer patches its progress snapshot into it. Create-only (no {@code
 * Updater}): the operator never overwrites what the trainer wrote, and creates it again, empty, if
 * someone deletes it.
 */
public class ProgressConfigMapDependentResource extends RunDependentResource<ConfigMap>
    implements Creator<ConfigMap, TrainingRun>, GarbageCollected<TrainingRun> {

  public static final String NAME = "progress";

  /** What a new progress ConfigMap holds: no snapshot yet. */
  public static final String EMPTY_SNAPSHOT = "{}";

  public ProgressConfigMapDependentResource() {
    super(ConfigMap.class, NAME, "progress");
  }

  @Override
  protected String objectName(TrainingRun run) {
    return RunNames.progressConfigMap(run.getMetadata().getName());
  }

  @Override
  public ConfigMap desired(TrainingRun run) {
    String name = objectName(run);
    return new ConfigMapBuilder()
        .withMetadata(RunLabels.metadata(run, name, component()))
        .editMetadata()
        .withOwnerReferences(ownerReference(run))
        .endMetadata()
        .addToData(TrainerPaths.PROGRESS_KEY, EMPTY_SNAPSHOT)
        .build();
  }
}
