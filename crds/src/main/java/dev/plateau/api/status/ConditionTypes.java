package dev.plateau.api.status;

import java.util.List;

/** The condition types of a TrainingRun, all present from the operator's first pass. */
public final class ConditionTypes {
  /** True once the spec passed validation; False with InvalidSpec otherwise. */
  public static final String ACCEPTED = "Accepted";

  /**
   * True while the trainer trains; False with a reason while it cannot (Pending, ClaimNotFound,
   * ImagePullBackOff, Unschedulable) or once the run has ended.
   */
  public static final String RUNNING = "Running";

  /** True when training ended normally: EarlyStopped or MaxEpochsReached. */
  public static final String COMPLETE = "Complete";

  /** True when the run failed for good; the reason says why. */
  public static final String FAILED = "Failed";

  /** True while runPolicy.suspend is true. */
  public static final String SUSPENDED = "Suspended";

  /**
   * Whether the operator's last pass over the run succeeded: True with ReconcileSuccess; False with
   * ReconcileError while an API call it makes for the run fails (the message names the call and
   * quotes the API server). The names Crossplane uses.
   */
  public static final String SYNCED = "Synced";

  public static final List<String> ALL =
      List.of(ACCEPTED, RUNNING, COMPLETE, FAILED, SUSPENDED, SYNCED);

  private ConditionTypes() {}
}
