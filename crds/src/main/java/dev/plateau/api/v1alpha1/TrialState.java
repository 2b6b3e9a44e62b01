package dev.plateau.api.v1alpha1;

/** Where a trial of a sweep stands, as the sweep's status shows it. */
public enum TrialState {
  /** Created; its trainer has not reported an epoch yet. */
  Pending,
  /** Training and reporting epochs. */
  Running,
  /** Ended by its own early stopping or maxEpochs. */
  Completed,
  /** Stopped by the sweep's pruner; its best checkpoint is kept. */
  Pruned,
  /** Failed (see the trial's Failed condition). */
  Failed;

  /** Whether the trial has ended. */
  public boolean ended() {
    return this == Completed || this == Pruned || this == Failed;
  }
}
