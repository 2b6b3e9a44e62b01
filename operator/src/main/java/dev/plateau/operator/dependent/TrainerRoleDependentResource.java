package dev.plateau.operator.dependent;

import dev.plateau.api.contract.RunNames;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import java.util.List;

/**
 * {@code <run>-trainer}: all the trainer may do in the cluster, which is to read and patch its own
 * progress ConfigMap. Nothing else, not even list.
 */
public class TrainerRoleDependentResource extends RunDependentResource<Role>
    implements Creator<Role, TrainingRun>,
        Updater<Role, TrainingRun>,
        GarbageCollected<TrainingRun> {

  public static final String NAME = "role";

  /** The verbs of the trainer's one rule; the operator needs them too in order to grant them. */
  public static final List<String> VERBS = List.of("get", "patch");

  public TrainerRoleDependentResource() {
    super(Role.class, NAME, "trainer-identity");
  }

  @Override
  protected String objectName(TrainingRun run) {
    return RunNames.role(run.getMetadata().getName());
  }

  @Override
  public Role desired(TrainingRun run) {
    String runName = run.getMetadata().getName();
    return new RoleBuilder()
        .withMetadata(RunLabels.metadata(run, objectName(run), component()))
        .editMetadata()
        .withOwnerReferences(ownerReference(run))
        .endMetadata()
        .withRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(RunNames.progressConfigMap(runName))
                .withVerbs(VERBS)
                .build())
        .build();
  }
}
