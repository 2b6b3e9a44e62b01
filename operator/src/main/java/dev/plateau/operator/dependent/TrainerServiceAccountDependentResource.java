package dev.plateau.operator.dependent;

import dev.plateau.api.contract.RunNames;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;

/** {@code <run>-trainer}: the trainer pod's identity, bound to the progress-only Role. */
public class TrainerServiceAccountDependentResource extends RunDependentResource<ServiceAccount>
    implements Creator<ServiceAccount, TrainingRun>,
        Updater<ServiceAccount, TrainingRun>,
        GarbageCollected<TrainingRun> {

  public static final String NAME = "serviceaccount";

  public TrainerServiceAccountDependentResource() {
    super(ServiceAccount.class, NAME, "trainer-identity");
  }

  @Override
  protected String objectName(TrainingRun run) {
    return RunNames.serviceAccount(run.getMetadata().getName());
  }

  @Override
  public ServiceAccount desired(TrainingRun run) {
    String name = objectName(run);
    return new ServiceAccountBuilder()
        .withMetadata(RunLabels.metadata(run, name, component()))
        .editMetadata()
        .withOwnerReferences(ownerReference(run))
        .endMetadata()
        .build();
  }
}
