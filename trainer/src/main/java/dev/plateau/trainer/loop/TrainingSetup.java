package dev.plateau.trainer.loop;

import ai.djl.Device;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Everything one training needs besides its reporters.
 *
 * @param config what to train and when to stop
 * @param runName the run's name
 * @param runUid the run's UID (progress snapshots carry it)
 * @param dataDir the folder holding the dataset's files
 * @param modelFile the TorchScript file of a {@code model.torchscript}, null for a built-in
 *     architecture
 * @param runDir the run's checkpoint folder, already opened for this UID
 * @param device where to train
 * @param bestCheckpoint how the result names the best checkpoint (claim and path)
 * @param interruption set on SIGTERM: save last/ and stop
 * @param hook called between checkpoint-writing steps (tests inject crashes)
 * @param clock for timestamps
 * @param say where to tell the user about what the trainer decided (resume, device, ...)
 * @param diagnostics what the trainer writes for benchmarks besides the training's own output
 * @param runFolder prepares {@code runDir}, once the data has been read and checked: nothing in the
 *     folder is touched by a start that fails before that
 */
public record TrainingSetup(
    TrainerConfig config,
    String runName,
    String runUid,
    Path dataDir,
    Path modelFile,
    Path runDir,
    Device device,
    CheckpointRef bestCheckpoint,
    Interruption interruption,
    AtomicFiles.StepHook hook,
    Clock clock,
    Consumer<String> say,
    Diagnostics diagnostics,
    RunFolder runFolder) {

  /** Prepares the run's folder (creating it, or setting another run's aside). */
  @FunctionalInterface
  public interface RunFolder {
    void open(Path runDir) throws java.io.IOException;

    /** Creates the folder when it is missing. */
    RunFolder CREATE = dir -> java.nio.file.Files.createDirectories(dir);
  }

  /** A setup without diagnostics, as a pod's trainer runs. */
  public TrainingSetup(
      TrainerConfig config,
      String runName,
      String runUid,
      Path dataDir,
      Path modelFile,
      Path runDir,
      Device device,
      CheckpointRef bestCheckpoint,
      Interruption interruption,
      AtomicFiles.StepHook hook,
      Clock clock,
      Consumer<String> say) {
    this(
        config,
        runName,
        runUid,
        dataDir,
        modelFile,
        runDir,
        device,
        bestCheckpoint,
        interruption,
        hook,
        clock,
        say,
        Diagnostics.NONE,
        RunFolder.CREATE);
  }

  /**
   * For benchmarks ({@code bench/trainer}).
   *
   * @param profile tell, after each epoch, the milliseconds per training step spent in each phase
   *     ({@link StepProfile}) and the seconds of the validation pass
   * @param exportSplit write {@code split.json} into the run folder: the indices (into the
   *     dataset's training file) of the training and validation samples, so a reference
   *     implementation trains and validates on the same samples
   */
  public record Diagnostics(boolean profile, boolean exportSplit) {
    public static final Diagnostics NONE = new Diagnostics(false, false);
  }
}
