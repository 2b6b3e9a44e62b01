package dev.plateau.trainer.loop;

import java.util.Locale;

/**
 * Where an epoch's time went, summed over its training steps: assembling the batch and getting it
 * to the engine, forward (with the loss), backward, the optimizer step, and bookkeeping (loss
 * accumulation, RNG seeding, progress); plus the validation pass. On the CPU every libtorch call
 * returns when its work is done, so wall-clock time between the calls is the phase's cost; on a GPU
 * the phases overlap and only the epoch's total is meaningful.
 */
final class StepProfile {

  enum Phase {
    BATCH("batch"),
    FORWARD("forward"),
    BACKWARD("backward"),
    OPTIMIZER("optimizer"),
    BOOKKEEPING("bookkeeping");

    private final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  private final long[] nanos = new long[Phase.values().length];
  private long steps;
  private long validationNanos;
  private long trainingNanos;

  void add(Phase phase, long elapsedNanos) {
    nanos[phase.ordinal()] += elapsedNanos;
  }

  void stepDone() {
    steps++;
  }

  /** The whole training pass, steps and what lies between them. */
  void training(long elapsedNanos) {
    trainingNanos += elapsedNanos;
  }

  void validation(long elapsedNanos) {
    validationNanos += elapsedNanos;
  }

  /** Starts the next epoch's figures. */
  void reset() {
    java.util.Arrays.fill(nanos, 0);
    steps = 0;
    validationNanos = 0;
    trainingNanos = 0;
  }

  /** Milliseconds per step spent in {@code phase}. */
  double millisPerStep(Phase phase) {
    return steps == 0 ? 0 : nanos[phase.ordinal()] / 1e6 / steps;
  }

  /**
   * One line, e.g. {@code profile epoch 3: 422 steps, ms/step batch 0.050 forward 0.610 backward
   * 0.580 optimizer 0.120 bookkeeping 0.020; training 0.580 s, validation 0.110 s}.
   */
  String describe(int epoch) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "profile epoch %d: %d steps, ms/step", epoch, steps));
    for (Phase phase : Phase.values()) {
      line.append(String.format(Locale.ROOT, " %s %.3f", phase.label, millisPerStep(phase)));
    }
    return line.append(
            String.format(
                Locale.ROOT,
                "; training %.3f s, validation %.3f s",
                trainingNanos / 1e9,
                validationNanos / 1e9))
        .toString();
  }
}
