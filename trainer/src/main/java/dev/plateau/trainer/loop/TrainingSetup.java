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
 * @param runDir the run's checkpoint folder, already opened for this UID
 * @param device where to train
 * @param bestCheckpoint how the result names the best checkpoint (claim and path)
 * @param interruption set on SIGTERM: save last/ and stop
 * @param hook called between checkpoint-writing steps (tests inject crashes)
 * @param clock for timestamps
 * @param say where to tell the user about what the trainer decided (resume, device, ...)
 */
public record TrainingSetup(
    TrainerConfig config,
    String runName,
    String runUid,
    Path dataDir,
    Path runDir,
    Device device,
    CheckpointRef bestCheckpoint,
    Interruption interruption,
    AtomicFiles.StepHook hook,
    Clock clock,
    Consumer<String> say) {}
