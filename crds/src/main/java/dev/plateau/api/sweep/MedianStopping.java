package dev.plateau.api.sweep;

import dev.plateau.api.v1alpha1.Mode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The median stopping rule (Golovin et al., "Google Vizier: A Service for Black-Box Optimization",
 * KDD 2017): stop a trial at epoch t when its best value so far is worse than the median of the
 * other trials' running averages at t (the mean of their values over epochs 1 to t). Only from
 * {@code gracePeriod} epochs on, and only when at least {@code minTrials} other trials have
 * reported epoch t; every other trial that did counts, whatever happened to it later. A value equal
 * to the median goes on.
 */
public final class MedianStopping {

  private final int gracePeriod;
  private final int minTrials;
  private final Mode mode;

  public MedianStopping(int gracePeriod, int minTrials, Mode mode) {
    if (gracePeriod < 1 || minTrials < 1) {
      throw new IllegalArgumentException(
          "gracePeriod and minTrials must be >= 1, got " + gracePeriod + " and " + minTrials);
    }
    this.gracePeriod = gracePeriod;
    this.minTrials = minTrials;
    this.mode = mode;
  }

  /**
   * Whether {@code trial} goes on after its latest epoch.
   *
   * @param all every trial of the sweep, {@code trial} included
   */
  public Pruning decide(Trial trial, Collection<Trial> all) {
    int t = trial.epochs();
    if (t < gracePeriod) {
      return Pruning.GO_ON;
    }
    List<Double> averages = new ArrayList<>();
    for (Trial other : all) {
      if (!other.name().equals(trial.name()) && other.epochs() >= t) {
        double mean = other.meanUpTo(t);
        averages.add(Double.isNaN(mean) ? worst() : mean);
      }
    }
    if (averages.size() < minTrials) {
      return Pruning.GO_ON;
    }
    averages.sort(null);
    int n = averages.size();
    double median =
        n % 2 == 1 ? averages.get(n / 2) : (averages.get(n / 2 - 1) + averages.get(n / 2)) / 2;
    double best = trial.bestUpTo(t, mode);
    if (Double.isNaN(best) || Pruning.better(median, best, mode)) {
      return Pruning.stop(
          String.format(
              Locale.ROOT,
              "median rule: best value %s by epoch %d is worse than the median %s of %d other"
                  + " trials' running averages",
              Double.isNaN(best) ? "NaN" : String.format(Locale.ROOT, "%.4f", best),
              t,
              String.format(Locale.ROOT, "%.4f", median),
              n));
    }
    return Pruning.GO_ON;
  }

  private double worst() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }
}
