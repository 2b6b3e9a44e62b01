package dev.plateau.trainer.loop;

/** Training stopped on request after saving {@code last/}; the next pod resumes from there. */
public final class TrainingInterrupted extends RuntimeException {

  private final String signal;
  private final int epoch;
  private final int step;

  public TrainingInterrupted(int epoch, int step) {
    this("SIGTERM", epoch, step);
  }

  public TrainingInterrupted(String signal, int epoch, int step) {
    super(
        "stopped on "
            + (signal.equals("SIGINT") ? "Ctrl-C (SIGINT)" : signal)
            + " during epoch "
            + epoch
            + " after "
            + step
            + " batches; last/ saved");
    this.signal = signal;
    this.epoch = epoch;
    this.step = step;
  }

  /** Whether the user stopped it (Ctrl-C, SIGINT) rather than the cluster (SIGTERM). */
  public boolean byUser() {
    return "SIGINT".equals(signal);
  }

  public int epoch() {
    return epoch;
  }

  public int step() {
    return step;
  }
}
