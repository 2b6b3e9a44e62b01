package dev.plateau.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plateau.api.contract.EarlyStoppingState;

/**
 * {@code last/state.json}: everything a resumed trainer needs, written last so it names only files
 * that are complete.
 *
 * @param epoch epochs finished
 * @param step batches done of epoch {@code epoch + 1} (0 at an epoch boundary; more when the
 *     trainer was stopped mid-epoch)
 * @param trainLossSum sum of the batch losses (times batch size) of the unfinished epoch
 * @param trainSamples samples trained of the unfinished epoch
 * @param learningRate the learning rate in force
 * @param earlyStopping the early-stopping state after epoch {@code epoch}
 * @param plateau the ReduceLROnPlateau state, when it is configured
 * @param stopReason set when epoch {@code epoch} ended training (a crash before the result was
 *     written must not train on)
 * @param paramsFile the DJL weights file in the folder
 * @param optimizerFile the optimizer state file in the folder
 * @param info how to rebuild the block
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LastCheckpoint(
    int epoch,
    int step,
    double trainLossSum,
    long trainSamples,
    float learningRate,
    EarlyStoppingState earlyStopping,
    EarlyStoppingState plateau,
    dev.plateau.api.v1alpha1.StopReason stopReason,
    String paramsFile,
    String optimizerFile,
    ModelInfo info) {}
