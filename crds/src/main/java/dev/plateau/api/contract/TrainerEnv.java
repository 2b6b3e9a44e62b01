package dev.plateau.api.contract;

/** Environment variables the operator sets on the trainer container. */
public final class TrainerEnv {
  /** Name of the TrainingRun (the run's identity, with its namespace and UID). */
  public static final String RUN_NAME = "PLATEAU_RUN_NAME";

  public static final String RUN_NAMESPACE = "PLATEAU_RUN_NAMESPACE";

  /** metadata.uid of the TrainingRun; checkpoints of another UID are never resumed. */
  public static final String RUN_UID = "PLATEAU_RUN_UID";

  /** Name of the ConfigMap the trainer patches its progress into. */
  public static final String PROGRESS_CONFIGMAP = "PLATEAU_PROGRESS_CONFIGMAP";

  /** Where the dataset claim is mounted. */
  public static final String DATA_ROOT = "PLATEAU_DATA_ROOT";

  /** Where the checkpoint claim is mounted. */
  public static final String CHECKPOINT_ROOT = "PLATEAU_CHECKPOINT_ROOT";

  /** Threads libtorch may use on the CPU, from the container's CPU limit. */
  public static final String CPU_THREADS = "PLATEAU_CPU_THREADS";

  private TrainerEnv() {}
}
