package dev.plateau.api.sweep;

import dev.plateau.api.v1alpha1.Mode;

/**
 * A pruner's verdict on one trial, and the comparison every pruner uses.
 *
 * @param prune whether to stop the trial now
 * @param reason why, for the trial's status and the sweep's Event; null when it goes on
 */
public record Pruning(boolean prune, String reason) {

  public static final Pruning GO_ON = new Pruning(false, null);

  public static Pruning stop(String reason) {
    return new Pruning(true, reason);
  }

  /**
   * Whether {@code value} is better than {@code than} in {@code mode}; a NaN is worse than
   * anything, and anything finite is better than a NaN.
   */
  static boolean better(double value, double than, Mode mode) {
    if (Double.isNaN(value)) {
      return false;
    }
    if (Double.isNaN(than)) {
      return true;
    }
    return mode == Mode.MIN ? value < than : value > than;
  }
}
