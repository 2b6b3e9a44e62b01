package dev.plateau.trainer.progress;

/**
 * The training epoch under way, as a progress bar shows it. The training loop updates it after
 * every batch without reading the engine; a reporter reads it at its own refresh rate.
 */
public interface EpochUnderWay {

  /**
   * Mean training loss of the epoch so far (over every sample trained in it, a resumed epoch's
   * earlier part included), or NaN before its first batch. Reads the running sum from the engine,
   * which waits for the step in flight: call it at a display rate (a few times a second), never per
   * batch.
   */
  double trainLoss();

  /** Training samples per second since this process started the epoch, or NaN before a batch. */
  double samplesPerSecond();

  /** Seconds the rest of the epoch will take at its pace so far, or NaN before a batch. */
  double secondsLeft();
}
