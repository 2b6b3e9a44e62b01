package dev.plateau.api.contract;

import dev.plateau.api.v1alpha1.TrainingRun;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The PersistentVolumeClaims a run's trainer pod mounts: the one place that says which claims a run
 * needs, for the pod template, the claim watches and the status alike.
 */
public final class RunClaims {
  private RunClaims() {}

  /**
   * The checkpoint claim: the user's {@code checkpoints.claimName}, or the one the operator makes.
   */
  public static String checkpoints(TrainingRun run) {
    String claim = run.getSpec().getCheckpoints().getClaimName();
    return claim != null ? claim : RunNames.checkpointClaim(run.getMetadata().getName());
  }

  /** The claim holding the dataset, mounted read-only at {@link TrainerPaths#DATA_ROOT}. */
  public static Optional<String> data(TrainingRun run) {
    return run.getSpec().getDataset() == null
        ? Optional.empty()
        : Optional.ofNullable(run.getSpec().getDataset().getClaimName());
  }

  /**
   * The claim holding a TorchScript model file, mounted read-only at {@link
   * TrainerPaths#modelRoot}: at {@link TrainerPaths#DATA_ROOT} when it is the data claim too.
   */
  public static Optional<String> model(TrainingRun run) {
    var model = run.getSpec().getModel();
    return model == null || model.getTorchscript() == null
        ? Optional.empty()
        : Optional.ofNullable(model.getTorchscript().getClaimName());
  }

  /** Every claim the trainer pod mounts, each once; the pod cannot start while one is missing. */
  public static List<String> all(TrainingRun run) {
    Set<String> claims = new LinkedHashSet<>();
    data(run).ifPresent(claims::add);
    model(run).ifPresent(claims::add);
    if (run.getSpec().getCheckpoints() != null) {
      claims.add(checkpoints(run));
    }
    return List.copyOf(claims);
  }
}
