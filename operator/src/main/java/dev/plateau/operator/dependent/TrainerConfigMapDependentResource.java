package dev.plateau.operator.dependent;

import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;

/**
 * {@code <run>-config}: the rendered trainer config, mounted read-only into the trainer pod. Kept
 * in step with the spec (and restored if edited by hand); the parts it renders are immutable, so in
 * practice it changes only when a new operator renders differently.
 */
public class TrainerConfigMapDependentResource extends RunDependentResource<ConfigMap>
    implements Creator<ConfigMap, TrainingRun>,
        Updater<ConfigMap, TrainingRun>,
        GarbageCollected<TrainingRun> {

  public static final String NAME = "config";

  public TrainerConfigMapDependentResource() {
    super(ConfigMap.class, NAME, "config");
  }

  @Override
  protected String objectName(TrainingRun run) {
    return RunNames.configMap(run.getMetadata().getName());
  }

  @Override
  public ConfigMap desired(TrainingRun run) {
    String name = objectName(run);
    return new ConfigMapBuilder()
        .withMetadata(RunLabels.metadata(run, name, component()))
        .editMetadata()
        .withOwnerReferences(ownerReference(run))
        .endMetadata()
        .addToData(TrainerPaths.CONFIG_KEY, RenderedConfig.of(run).json())
        .build();
  }
}
