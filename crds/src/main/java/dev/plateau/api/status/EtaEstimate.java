package dev.plateau.api.status;

import dev.plateau.api.contract.EarlyStoppingRule;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressEta;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The time a run may still train, from its progress snapshot alone: to the earliest epoch early
 * stopping may end it at ({@link EarlyStoppingRule#earliestStopEpoch}) and to {@code maxEpochs}, at
 * the recent epoch time (the median of the last {@value #RECENT_EPOCHS} epochs' {@code
 * epochSeconds}, which keeps a slow first epoch or one checkpoint stall out), less the part of the
 * epoch under way that is done ({@code step / stepsPerEpoch}). The same snapshot always gives the
 * same estimate, so the operator's status does not change between progress patches.
 */
public final class EtaEstimate {

  /** Epochs whose times the estimate takes the median of. */
  public static final int RECENT_EPOCHS = 3;

  private EtaEstimate() {}

  /**
   * The estimate, or null when the snapshot lacks what it needs: an epoch time (a trainer that
   * reports none gets no estimate), {@code maxEpochs} or {@code patience}; or training is ending
   * (all epochs ran, or patience is spent at or after {@code minEpochs}).
   *
   * @param minEpochs {@code earlyStopping.minEpochs}, used when the snapshot does not carry it
   */
  public static ProgressEta of(ProgressSnapshot s, int minEpochs) {
    Double perEpoch = secondsPerEpoch(s);
    if (perEpoch == null
        || s.getEpoch() == null
        || s.getMaxEpochs() == null
        || s.getPatience() == null
        || s.getEpoch() >= s.getMaxEpochs()) {
      return null;
    }
    int epoch = s.getEpoch();
    int counter = s.getEpochsSinceImprovement() == null ? 0 : s.getEpochsSinceImprovement();
    int min = s.getMinEpochs() == null ? minEpochs : s.getMinEpochs();
    if (counter >= s.getPatience() && epoch >= min) {
      return null;
    }
    int stopEpoch =
        EarlyStoppingRule.earliestStopEpoch(epoch, counter, s.getPatience(), min, s.getMaxEpochs());
    double doneOfCurrent = fractionDone(s);
    ProgressEta eta = new ProgressEta();
    eta.setAsOf(s.getUpdatedAt());
    eta.setSecondsPerEpoch(perEpoch);
    eta.setEarliestStopEpoch(stopEpoch);
    eta.setEarliestStopSeconds(round((stopEpoch - epoch - doneOfCurrent) * perEpoch));
    eta.setMaxEpochsSeconds(round((s.getMaxEpochs() - epoch - doneOfCurrent) * perEpoch));
    return eta;
  }

  /** The median of the last epochs' times from the history, else the last epoch's; or null. */
  static Double secondsPerEpoch(ProgressSnapshot s) {
    List<Double> recent = new ArrayList<>();
    List<EpochRecord> history = s.getHistory() == null ? List.of() : s.getHistory();
    for (int i = history.size() - 1; i >= 0 && recent.size() < RECENT_EPOCHS; i--) {
      Double seconds = history.get(i).getEpochSeconds();
      if (seconds != null && seconds > 0 && Double.isFinite(seconds)) {
        recent.add(seconds);
      }
    }
    if (recent.isEmpty()) {
      Double last = s.getEpochSeconds();
      return last != null && last > 0 && Double.isFinite(last) ? last : null;
    }
    Collections.sort(recent);
    int n = recent.size();
    return n % 2 == 1 ? recent.get(n / 2) : (recent.get(n / 2 - 1) + recent.get(n / 2)) / 2;
  }

  private static double fractionDone(ProgressSnapshot s) {
    if (s.getStep() == null || s.getStepsPerEpoch() == null || s.getStepsPerEpoch() <= 0) {
      return 0;
    }
    return Math.min(1.0, Math.max(0.0, (double) s.getStep() / s.getStepsPerEpoch()));
  }

  /** To a tenth of a second: finer would be noise, and the status stays short. */
  private static double round(double seconds) {
    return Math.round(Math.max(0, seconds) * 10) / 10.0;
  }
}
