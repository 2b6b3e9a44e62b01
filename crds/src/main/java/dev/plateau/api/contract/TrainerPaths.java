package dev.plateau.api.contract;

import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.TrainingResult;

/** Mount paths in the trainer pod and the file layout under a run's checkpoint folder. */
public final class TrainerPaths {
  /** Folder the {@code <run>-config} ConfigMap is mounted at, read-only. */
  public static final String CONFIG_DIR = "/etc/plateau";

  /** Key of the rendered trainer config in the config ConfigMap. */
  public static final String CONFIG_KEY = "config.json";

  public static final String CONFIG_FILE = CONFIG_DIR + "/" + CONFIG_KEY;

  /** Where the dataset claim is mounted, read-only. */
  public static final String DATA_ROOT = "/data";

  /**
   * Where the claim of a TorchScript model file is mounted, read-only, when it is not the data
   * claim (one claim serving both is mounted once, at {@link #DATA_ROOT}).
   */
  public static final String MODEL_ROOT = "/models";

  /** The folder a model file's path is resolved against in the pod. */
  public static String modelRoot(String modelClaim, String dataClaim) {
    return modelClaim != null && modelClaim.equals(dataClaim) ? DATA_ROOT : MODEL_ROOT;
  }

  /** Where the checkpoint claim is mounted. */
  public static final String CHECKPOINT_ROOT = "/checkpoints";

  /** The only writable path of the root filesystem (an emptyDir). */
  public static final String TMP = "/tmp";

  public static final String TERMINATION_LOG = "/dev/termination-log";

  /** Under {@code <checkpoint root>/<run name>/}: the weights of the best epoch. */
  public static final String BEST_DIR = "best";

  /** Under {@code <checkpoint root>/<run name>/}: everything needed to resume. */
  public static final String LAST_DIR = "last";

  /** One {@link EpochRecord} per line. */
  public static final String METRICS_FILE = "metrics.jsonl";

  /** The {@link TrainingResult} once the run has ended. */
  public static final String RESULT_FILE = "result.json";

  /** Names the run's UID so a reused name never resumes another run's state. */
  public static final String RUN_MANIFEST_FILE = "run.json";

  /** Under the checkpoint root: verified downloads, by SHA-256. */
  public static final String DOWNLOAD_CACHE_DIR = ".plateau-cache";

  /** Key of the progress snapshot in the progress ConfigMap. */
  public static final String PROGRESS_KEY = "progress.json";

  /** Key of the final result in the progress ConfigMap. */
  public static final String RESULT_KEY = "result.json";

  /**
   * Key of a {@link StopRequest} in the progress ConfigMap: whoever may write the ConfigMap (the
   * operator for a sweep) asks the trainer to stop; the trainer sees it in the answer to its next
   * progress patch, so it needs no right beyond the patch it has.
   */
  public static final String STOP_KEY = "stop.json";

  private TrainerPaths() {}
}
