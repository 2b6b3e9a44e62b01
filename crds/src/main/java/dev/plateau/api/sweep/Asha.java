package dev.plateau.api.sweep;

import dev.plateau.api.v1alpha1.Mode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys 2020), in its stopping form (as Ray Tune's AsyncHyperBandScheduler applies it):
 * rungs at {@code gracePeriod * reductionFactor^k} epochs; a trial that reaches a rung goes on only
 * if its best value so far is in the top {@code 1/reductionFactor} of the values recorded at that
 * rung so far, its own included: at least as good as their {@code 1 - 1/reductionFactor} quantile
 * (linear interpolation, numpy's default). Every trial that reached the rung counts, whatever
 * happened to it later (completed, pruned, failed): its value there was measured. The first trial
 * at a rung always goes on, and ties with the cut-off go on. The decision at a rung is made once,
 * when the trial reaches it; the caller keeps which rung it last decided ({@link #rungIn}).
 */
public final class Asha {

  private final int gracePeriod;
  private final int reductionFactor;
  private final Mode mode;
  private final List<Integer> rungs;

  /**
   * @param gracePeriod epochs before the first rung, at least 1
   * @param reductionFactor at least 2: the share that goes on at each rung is 1/factor
   * @param maxEpochs the trials' training.maxEpochs: rungs lie below it (a trial at maxEpochs ends
   *     anyway)
   */
  public Asha(int gracePeriod, int reductionFactor, Mode mode, int maxEpochs) {
    if (gracePeriod < 1 || reductionFactor < 2) {
      throw new IllegalArgumentException(
          "gracePeriod must be >= 1 and reductionFactor >= 2, got "
              + gracePeriod
              + " and "
              + reductionFactor);
    }
    this.gracePeriod = gracePeriod;
    this.reductionFactor = reductionFactor;
    this.mode = mode;
    List<Integer> at = new ArrayList<>();
    for (long r = gracePeriod; r < maxEpochs; r *= reductionFactor) {
      at.add((int) r);
    }
    this.rungs = List.copyOf(at);
  }

  /** The rungs, in epochs, e.g. 1, 3, 9, 27 for grace 1, factor 3 and 40 epochs. */
  public List<Integer> rungs() {
    return rungs;
  }

  /**
   * The highest rung in {@code (decidedUpTo, epoch]}, or 0 when the trial reached none since the
   * last decision (snapshots may skip epochs; a resumed trial reaches no rung twice).
   */
  public int rungIn(int decidedUpTo, int epoch) {
    int found = 0;
    for (int rung : rungs) {
      if (rung > decidedUpTo && rung <= epoch) {
        found = rung;
      }
    }
    return found;
  }

  /**
   * Whether {@code trial}, which has reached {@code rung}, goes on.
   *
   * @param all every trial of the sweep, {@code trial} included
   */
  public Pruning decide(Trial trial, int rung, Collection<Trial> all) {
    double value = trial.bestUpTo(rung, mode);
    List<Double> recorded = new ArrayList<>();
    for (Trial other : all) {
      if (other.epochs() >= rung) {
        recorded.add(other.bestUpTo(rung, mode));
      }
    }
    if (recorded.size() <= 1) {
      return Pruning.GO_ON;
    }
    double cutoff = cutoff(recorded);
    if (Double.isNaN(value) || Pruning.better(cutoff, value, mode)) {
      return Pruning.stop(
          String.format(
              Locale.ROOT,
              "ASHA: best value %s by epoch %d is not in the top 1/%d of the %d trials that"
                  + " reached it (cut-off %s)",
              format(value),
              rung,
              reductionFactor,
              recorded.size(),
              format(cutoff)));
    }
    return Pruning.GO_ON;
  }

  /** The value a trial must match or beat: the top-1/factor quantile of the recorded values. */
  private double cutoff(List<Double> recorded) {
    // Oriented so that higher is better: the (1 - 1/factor) quantile of the oriented values.
    List<Double> oriented = new ArrayList<>();
    for (double v : recorded) {
      oriented.add(Double.isNaN(v) ? Double.NEGATIVE_INFINITY : mode == Mode.MIN ? -v : v);
    }
    oriented.sort(null);
    double q = (1 - 1.0 / reductionFactor) * (oriented.size() - 1);
    int lo = (int) Math.floor(q);
    int hi = (int) Math.ceil(q);
    double a = oriented.get(lo);
    double b = oriented.get(hi);
    double quantile = lo == hi || a == b ? a : a + (b - a) * (q - lo);
    return mode == Mode.MIN ? -quantile : quantile;
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
  }

  public int gracePeriod() {
    return gracePeriod;
  }

  public int reductionFactor() {
    return reductionFactor;
  }
}
