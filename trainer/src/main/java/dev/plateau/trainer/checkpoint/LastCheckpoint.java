package dev.plateau.trainer.checkpoint;

/**
 * A committed {@code last/} checkpoint: the training state and the files in the folder that hold
 * the weights and the optimizer state.
 *
 * @param state where the training stands
 * @param paramsFile the DJL weights file, e.g. {@code model-0007.params}
 * @param optimizerFile the optimizer state file, e.g. {@code optimizer-0007.bin}
 */
public record LastCheckpoint(TrainingState state, String paramsFile, String optimizerFile) {}
