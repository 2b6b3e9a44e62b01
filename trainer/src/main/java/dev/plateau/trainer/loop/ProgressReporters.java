package dev.plateau.trainer.loop;

import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.trainer.progress.EpochUnderWay;
import dev.plateau.trainer.progress.ProgressReporter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the reporters; a reporter that breaks its promise never stops training. */
final class ProgressReporters {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporters.class);

  private ProgressReporters() {}

  static void batch(
      List<ProgressReporter> reporters, ProgressSnapshot snapshot, EpochUnderWay epoch) {
    for (ProgressReporter r : reporters) {
      try {
        r.batch(snapshot, epoch);
      } catch (RuntimeException e) {
        LOG.warn("{} failed on a batch: {}", r.getClass().getSimpleName(), e.toString());
      }
    }
  }

  static void epoch(List<ProgressReporter> reporters, EpochRecord record, ProgressSnapshot s) {
    for (ProgressReporter r : reporters) {
      try {
        r.epoch(record, s);
      } catch (RuntimeException e) {
        LOG.warn(
            "{} failed on epoch {}: {}",
            r.getClass().getSimpleName(),
            record.getEpoch(),
            e.toString());
      }
    }
  }

  static void finished(
      List<ProgressReporter> reporters, TrainingResult result, ProgressSnapshot s) {
    for (ProgressReporter r : reporters) {
      try {
        r.finished(result, s);
      } catch (RuntimeException e) {
        LOG.warn("{} failed at the end: {}", r.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
