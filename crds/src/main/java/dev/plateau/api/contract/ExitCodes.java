package dev.plateau.api.contract;

/** Process exit codes of the trainer; the Job's podFailurePolicy acts on them. */
public final class ExitCodes {
  /** Finished: stopped early or reached maxEpochs. */
  public static final int FINISHED = 0;

  /** Anything unexpected; the Job may retry and the next pod resumes from {@code last/}. */
  public static final int FAILED = 1;

  /** Invalid configuration or input data, or no GPU when one was asked for: never retried. */
  public static final int INVALID_INPUT = 2;

  /** The monitored metric became NaN or infinite: never retried. */
  public static final int NON_FINITE_METRIC = 3;

  /** Stopped by SIGTERM (eviction, preemption, suspension) after saving {@code last/}. */
  public static final int INTERRUPTED = 143;

  /** Stopped by Ctrl-C (SIGINT) in a local run after saving {@code last/}: 128 + 2. */
  public static final int INTERRUPTED_BY_USER = 130;

  private ExitCodes() {}
}
