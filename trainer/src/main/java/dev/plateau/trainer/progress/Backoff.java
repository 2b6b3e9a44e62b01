package dev.plateau.trainer.progress;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, capped. Jitter keeps many trainers that lost the API server at
 * the same moment from all coming back at the same moment.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private long currentNanos;

  Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.currentNanos = initialNanos;
  }

  /** The delay before the next attempt: between half and all of the current step, then doubled. */
  long nextNanos() {
    long step = currentNanos;
    currentNanos = Math.min(maxNanos, currentNanos * 2);
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }

  void reset() {
    currentNanos = initialNanos;
  }
}
