package dev.plateau.trainer.progress;

import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;

/**
 * Where a training's progress goes: the console (people), the progress ConfigMap (the operator),
 * the termination message (the final word). A reporter never fails or stalls training: it handles
 * its own errors and returns promptly. (The run's metric history, {@code metrics.jsonl}, is not a
 * reporter: it is written with the checkpoints, and its IO errors end the run.)
 *
 * <p>Snapshots and records passed to a reporter are never modified afterwards (each call gets a
 * fresh snapshot), so a reporter may keep them and read them later on another thread.
 */
public interface ProgressReporter extends AutoCloseable {

  /**
   * After every training batch, with the cumulative snapshot ({@code step} advanced). Called on the
   * training thread: return at once and throttle as needed.
   */
  default void batch(ProgressSnapshot snapshot) {}

  /**
   * After every training batch, with the snapshot and the epoch under way (whose loss a bar may
   * read at its refresh rate). By default {@link #batch(ProgressSnapshot)}.
   */
  default void batch(ProgressSnapshot snapshot, EpochUnderWay epoch) {
    batch(snapshot);
  }

  /** After each finished epoch, once its checkpoints are written. */
  default void epoch(EpochRecord record, ProgressSnapshot snapshot) {}

  /** Training ended normally or on a non-finite metric; {@code result.json} is written. */
  default void finished(TrainingResult result, ProgressSnapshot snapshot) {}

  /** Training failed or was interrupted; the message says why. */
  default void failed(TerminationMessage message) {}

  /** Flushes what is pending (bounded in time) and releases resources. */
  @Override
  default void close() {}
}
