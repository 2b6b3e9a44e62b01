package dev.plateau.operator.dependent;

import dev.plateau.api.contract.RunNames;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;

/** {@code <run>-trainer}: binds the trainer's ServiceAccount to its Role. */
public class TrainerRoleBindingDependentResource extends RunDependentResource<RoleBinding>
    implements Creator<RoleBinding, TrainingRun>,
        Updater<RoleBinding, TrainingRun>,
        GarbageCollected<TrainingRun> {

  public static final String NAME = "rolebinding";

  public TrainerRoleBindingDependentResource() {
    super(RoleBinding.class, NAME, "trainer-identity");
  }

  @Override
  protected String objectName(TrainingRun run) {
    return RunNames.roleBinding(run.getMetadata().getName());
  }

  @Override
  public RoleBinding desired(TrainingRun run) {
    String runName = run.getMetadata().getName();
    return new RoleBindingBuilder()
        .withMetadata(RunLabels.metadata(run, objectName(run), component()))
        .editMetadata()
        .withOwnerReferences(ownerReference(run))
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(RunNames.role(runName))
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(RunNames.serviceAccount(runName))
        .withNamespace(run.getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}
