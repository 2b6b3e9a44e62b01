package dev.plateau.api.v1alpha1;

/** Why a training ended normally or on a non-finite metric. */
public enum StopReason {
  /** The monitor did not improve by more than delta for patience epochs. */
  EarlyStopped,
  /** All of training.maxEpochs ran. */
  MaxEpochsReached,
  /** The monitored value became NaN or infinite (with stopOnNonFinite). */
  NonFiniteMetric,
  /**
   * Asked to stop (the progress ConfigMap's {@code stop.json}, e.g. a sweep's pruner): the trial
   * was not promising. {@code last/} is saved and the best checkpoint kept.
   */
  Pruned
}
