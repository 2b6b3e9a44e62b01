package dev.plateau.api.status;

/**
 * Reasons of the TrainingRun conditions: CamelCase constants, each documented here, the README
 * keeps the table.
 */
public final class Reasons {
  // Accepted
  /** The spec passed validation. */
  public static final String SPEC_VALID = "SpecValid";

  /** The spec cannot run as written; the message says what to fix. No pod is created. */
  public static final String INVALID_SPEC = "InvalidSpec";

  // Running
  /** The Job was created; no pod has started yet. */
  public static final String JOB_CREATED = "JobCreated";

  /** A pod exists but its trainer has not started (scheduling, pulling, starting). */
  public static final String PENDING = "Pending";

  /** The trainer is training. */
  public static final String TRAINING = "Training";

  /** A trainer pod failed; the Job retries and the next pod resumes from last/. */
  public static final String RETRYING = "Retrying";

  /**
   * The trainer pod was evicted or preempted (its DisruptionTarget condition): not a failed
   * attempt; the next pod resumes from last/.
   */
  public static final String DISRUPTED = "Disrupted";

  /** A claim the run mounts does not exist (yet). Not terminal. */
  public static final String CLAIM_NOT_FOUND = "ClaimNotFound";

  /** The trainer image cannot be pulled (yet). Not terminal. */
  public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";

  /** No node can take the pod (e.g. no free GPU). Not terminal. */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /** Kueue has not admitted the run's Job yet. */
  public static final String QUEUED = "Queued";

  /**
   * Running: training has ended (or the trainer exited with a code the Job fails on and the Job is
   * about to fail); see Complete or Failed.
   */
  public static final String ENDED = "Ended";

  // Complete
  /** The monitor did not improve by more than delta for patience epochs. */
  public static final String EARLY_STOPPED = "EarlyStopped";

  /** All of training.maxEpochs ran. */
  public static final String MAX_EPOCHS_REACHED = "MaxEpochsReached";

  // Failed
  /**
   * Complete: the trainer stopped when asked to ({@code stop.json} in the progress ConfigMap, e.g.
   * a sweep pruning the trial); the best checkpoint is kept.
   */
  public static final String PRUNED = "Pruned";

  /** The monitored metric became NaN or infinite; the best checkpoint before it is kept. */
  public static final String NON_FINITE_METRIC = "NonFiniteMetric";

  /** The trainer rejected its input: bad data, bad config, or no GPU when one was asked for. */
  public static final String INVALID_INPUT = "InvalidInput";

  /** Trainer pods failed more often than runPolicy.backoffLimit allows. */
  public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";

  /** The Job ran longer than runPolicy.activeDeadlineSeconds. */
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  /** The trainer ran out of memory; raise resources.limits.memory or lower batchSize. */
  public static final String OOM_KILLED = "OOMKilled";

  /** The trainer failed unexpectedly; the message holds its last words. */
  public static final String TRAINER_ERROR = "TrainerError";

  /** The run's Job was deleted from outside while the run had not ended. */
  public static final String JOB_DELETED = "JobDeleted";

  // Suspended (and Running=False while suspended)
  /** runPolicy.suspend is true: Suspended=True and Running=False. */
  public static final String SUSPENDED = "Suspended";

  /** runPolicy.suspend is false (or the run has not been suspended). */
  public static final String NOT_SUSPENDED = "NotSuspended";

  // Any type
  /** Synced: the operator's last pass over the run succeeded. */
  public static final String RECONCILE_SUCCESS = "ReconcileSuccess";

  /**
   * Synced: an API call the operator makes for the run failed (Forbidden by RBAC, a quota or an
   * admission webhook, invalid, conflicting, or the API server failing); it retries, at most 5
   * minutes apart, until the call succeeds.
   */
  public static final String RECONCILE_ERROR = "ReconcileError";

  /** A sweep's Running: trials are running or still to be created. */
  public static final String TRIALS_RUNNING = "TrialsRunning";

  /** A sweep's Complete: every trial has ended, and at least one has a result. */
  public static final String ALL_TRIALS_ENDED = "AllTrialsEnded";

  /** A sweep's Failed: every trial failed. */
  public static final String ALL_TRIALS_FAILED = "AllTrialsFailed";

  /** A local sweep's (plateau sweep): stopped by Ctrl-C or SIGTERM; --resume continues it. */
  public static final String INTERRUPTED = "Interrupted";

  /** Not known yet. */
  public static final String UNKNOWN = "Unknown";

  private Reasons() {}
}
