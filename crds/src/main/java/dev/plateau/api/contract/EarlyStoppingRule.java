package dev.plateau.api.contract;

import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.StopReason;

/**
 * Plateau's early-stopping rule, shared by the trainer (which acts on it) and the operator (which
 * explains it). Pure: the state lives in {@link EarlyStoppingState}.
 *
 * <p>An epoch improves when its value beats the best so far by more than {@code delta} (min: {@code
 * value < best - delta}; max: {@code value > best + delta}; equal is no improvement). The counter
 * of epochs without improvement resets on improvement; training stops when it reaches {@code
 * patience}, but never before {@code minEpochs}. A NaN or infinite value stops training with {@link
 * StopReason#NonFiniteMetric} when {@code stopOnNonFinite}, else it counts as no improvement.
 */
public final class EarlyStoppingRule {

  private final Mode mode;
  private final double delta;
  private final int patience;
  private final int minEpochs;
  private final boolean stopOnNonFinite;

  public EarlyStoppingRule(
      Mode mode, double delta, int patience, int minEpochs, boolean stopOnNonFinite) {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if (!(delta >= 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("delta must be a finite number >= 0, got " + delta);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    }
    if (minEpochs < 0) {
      throw new IllegalArgumentException("minEpochs must be >= 0, got " + minEpochs);
    }
    this.mode = mode;
    this.delta = delta;
    this.patience = patience;
    this.minEpochs = minEpochs;
    this.stopOnNonFinite = stopOnNonFinite;
  }

  /** The rule a run's {@code spec.earlyStopping} describes, with the mode resolved. */
  public static EarlyStoppingRule of(EarlyStoppingSpec spec) {
    return new EarlyStoppingRule(
        spec.resolvedMode(),
        spec.deltaOrDefault(),
        spec.patienceOrDefault(),
        spec.minEpochsOrDefault(),
        spec.stopOnNonFiniteOrDefault());
  }

  /**
   * Folds one epoch's monitored value into the state.
   *
   * @param state the state after the previous epoch
   * @param epoch this epoch, counted from 1; must follow {@code state.lastEpoch()}
   * @param value the monitored value of this epoch
   */
  public Decision observe(EarlyStoppingState state, int epoch, double value) {
    if (epoch != state.lastEpoch() + 1) {
      throw new IllegalArgumentException(
          "epoch " + epoch + " does not follow epoch " + state.lastEpoch());
    }
    if (!Double.isFinite(value)) {
      EarlyStoppingState next =
          new EarlyStoppingState(state.best(), state.bestEpoch(), state.counter() + 1, epoch);
      if (stopOnNonFinite) {
        return new Decision(next, false, StopReason.NonFiniteMetric);
      }
      return new Decision(next, false, stopIfPatienceSpent(next, epoch));
    }
    if (improves(state, value)) {
      return new Decision(new EarlyStoppingState(value, epoch, 0, epoch), true, null);
    }
    EarlyStoppingState next =
        new EarlyStoppingState(state.best(), state.bestEpoch(), state.counter() + 1, epoch);
    return new Decision(next, false, stopIfPatienceSpent(next, epoch));
  }

  /** Whether {@code value} would count as an improvement over the state's best. */
  public boolean improves(EarlyStoppingState state, double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    if (!state.hasBest()) {
      return true;
    }
    return mode == Mode.MIN ? value < state.best() - delta : value > state.best() + delta;
  }

  /**
   * The first epoch this rule may stop a run at, if no epoch improves from now on: the counter
   * reaches {@code patience} and the epoch is at least {@code minEpochs}. At most {@code
   * maxEpochs}, where the run stops anyway.
   *
   * @param epoch epochs finished, counted from 1 (0 before the first)
   * @param counter epochs since the last improvement
   */
  public static int earliestStopEpoch(
      int epoch, int counter, int patience, int minEpochs, int maxEpochs) {
    int byPatience = epoch + Math.max(1, patience - counter);
    return Math.min(maxEpochs, Math.max(byPatience, Math.max(minEpochs, epoch + 1)));
  }

  private StopReason stopIfPatienceSpent(EarlyStoppingState next, int epoch) {
    return next.counter() >= patience && epoch >= minEpochs ? StopReason.EarlyStopped : null;
  }

  public Mode mode() {
    return mode;
  }

  public double delta() {
    return delta;
  }

  public int patience() {
    return patience;
  }

  public int minEpochs() {
    return minEpochs;
  }

  /**
   * The outcome of one epoch.
   *
   * @param state the state to carry into the next epoch (and to checkpoint)
   * @param improved whether this epoch is the new best: save it as the best checkpoint
   * @param stop why training must stop now, or null to go on
   */
  public record Decision(EarlyStoppingState state, boolean improved, StopReason stop) {
    public boolean shouldStop() {
      return stop != null;
    }
  }
}
