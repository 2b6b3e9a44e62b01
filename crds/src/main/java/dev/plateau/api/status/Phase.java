package dev.plateau.api.status;

/** The one-word summary of a run, derived from its conditions by {@link Conditions#phase}. */
public enum Phase {
  /** Accepted, waiting for its pod to start training. */
  Pending,
  /** The trainer is training (or retrying after a failed pod). */
  Running,
  /** Training ended: stopped early or reached maxEpochs. */
  Succeeded,
  /** The run failed; see the Failed condition's reason. */
  Failed,
  /** runPolicy.suspend is true; the trainer is stopped. */
  Suspended
}
