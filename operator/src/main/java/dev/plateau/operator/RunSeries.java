package dev.plateau.operator;

import dev.plateau.api.status.Condition;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.ProgressEta;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The values of one run's Prometheus series, read off its status once per status computation so a
 * scrape only reads fields. A value the status does not have is NaN (Prometheus stores it; {@code >
 * x} and {@code < x} on it are false, so alerts do not fire on it).
 *
 * @param phase the run's phase
 * @param endReason the reason of the Complete=True or Failed=True condition; null while the run has
 *     not ended
 * @param monitor the monitored metric's name, e.g. {@code val_loss}; null before the first report
 * @param lastProgressSeconds Unix seconds of the last progress the trainer reported ({@code
 *     progress.updatedAt}) or of when the trainer started (Running=True), whichever is later; NaN
 *     before either
 */
record RunSeries(
    Phase phase,
    String endReason,
    String monitor,
    double epoch,
    double maxEpochs,
    double trainLoss,
    double valLoss,
    double valAccuracy,
    double monitorValue,
    double bestValue,
    double epochsSinceImprovement,
    double patience,
    double learningRate,
    double samplesPerSecond,
    double epochSeconds,
    double lastProgressSeconds,
    double earliestStopSeconds,
    double maxEpochsSeconds) {

  static RunSeries of(TrainingRunStatus status) {
    ProgressSnapshot p =
        status.getProgress() == null ? new ProgressSnapshot() : status.getProgress();
    ProgressEta eta = p.getEta() == null ? new ProgressEta() : p.getEta();
    return new RunSeries(
        status.getPhase(),
        endReason(status),
        p.getMonitor() == null ? null : p.getMonitor().toString(),
        number(p.getEpoch()),
        number(p.getMaxEpochs()),
        number(p.getTrainLoss()),
        number(p.getValLoss()),
        number(p.getValAccuracy()),
        number(p.getMonitorValue()),
        number(p.getBestMetric()),
        number(p.getEpochsSinceImprovement()),
        number(p.getPatience()),
        number(p.getLearningRate()),
        number(p.getSamplesPerSecond()),
        number(p.getEpochSeconds()),
        lastProgress(status, p),
        number(eta.getEarliestStopSeconds()),
        number(eta.getMaxEpochsSeconds()));
  }

  private static String endReason(TrainingRunStatus status) {
    for (String type : new String[] {ConditionTypes.FAILED, ConditionTypes.COMPLETE}) {
      if (Conditions.isTrue(status.getConditions(), type)) {
        return Conditions.find(status.getConditions(), type).map(Condition::getReason).orElse(null);
      }
    }
    return null;
  }

  /**
   * The later of the last report and the trainer's start (Running turning True): a run resumed
   * after a long suspension, or retried after a long wait for a GPU, has not stalled because its
   * last report is old.
   */
  private static double lastProgress(TrainingRunStatus status, ProgressSnapshot p) {
    double reported = seconds(p.getUpdatedAt());
    double started =
        Conditions.find(status.getConditions(), ConditionTypes.RUNNING)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .map(c -> seconds(c.getLastTransitionTime()))
            .orElse(Double.NaN);
    if (Double.isNaN(reported)) {
      return started;
    }
    return Double.isNaN(started) ? reported : Math.max(reported, started);
  }

  private static double seconds(String time) {
    if (time == null) {
      return Double.NaN;
    }
    try {
      return Instant.parse(time).toEpochMilli() / 1000.0;
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }

  private static double number(Number value) {
    return value == null ? Double.NaN : value.doubleValue();
  }
}
