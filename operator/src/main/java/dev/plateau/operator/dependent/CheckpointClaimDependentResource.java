package dev.plateau.operator.dependent;

import dev.plateau.api.contract.RunNames;
import dev.plateau.api.v1alpha1.CheckpointsSpec;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.javaoperatorsdk.operator.processing.dependent.Creator;

/**
 * {@code <run>-checkpoints}: the PVC the operator creates when the spec gives {@code
 * checkpoints.size}. Owned by the run only with {@code retain: false}; otherwise only labelled, so
 * deleting the run keeps the model. Create-only: a PVC's spec is mostly immutable, and not being a
 * {@code Deleter} the workflow never deletes it either.
 */
public class CheckpointClaimDependentResource extends RunDependentResource<PersistentVolumeClaim>
    implements Creator<PersistentVolumeClaim, TrainingRun> {

  public static final String NAME = "checkpoints";

  public CheckpointClaimDependentResource() {
    super(PersistentVolumeClaim.class, NAME, "checkpoints");
  }

  /** Whether the spec asks the operator for a checkpoint PVC. */
  public static boolean wanted(TrainingRun run) {
    CheckpointsSpec checkpoints = run.getSpec().getCheckpoints();
    return checkpoints != null && checkpoints.getSize() != null;
  }

  /** Whether the PVC outlives the run: retain defaults to true. */
  public static boolean retained(TrainingRun run) {
    return run.getSpec().getCheckpoints().retainOrDefault();
  }

  @Override
  protected String objectName(TrainingRun run) {
    return RunNames.checkpointClaim(run.getMetadata().getName());
  }

  @Override
  public PersistentVolumeClaim desired(TrainingRun run) {
    CheckpointsSpec checkpoints = run.getSpec().getCheckpoints();
    String name = objectName(run);
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder()
            .withMetadata(RunLabels.metadata(run, name, component()))
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withVolumeMode("Filesystem")
            .withStorageClassName(checkpoints.getStorageClassName())
            .withNewResources()
            .addToRequests("storage", checkpoints.getSize())
            .endResources()
            .endSpec();
    if (!retained(run)) {
      claim.editMetadata().withOwnerReferences(ownerReference(run)).endMetadata();
    }
    return claim.build();
  }
}
