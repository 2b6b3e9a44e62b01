package dev.plateau.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.contract.EarlyStoppingState;
import dev.plateau.api.v1alpha1.StopReason;

/**
 * Where a training stands, as {@code last/} keeps it for a resumed trainer.
 *
 * @param epoch epochs finished
 * @param step batches done of epoch {@code epoch + 1} (0 at an epoch boundary; more when the
 *     trainer was stopped mid-epoch)
 * @param trainLossSum sum of the batch losses (times batch size) of the unfinished epoch
 * @param trainSamples samples trained of the unfinished epoch
 * @param learningRate the learning rate in force
 * @param earlyStopping the early-stopping state after epoch {@code epoch}
 * @param plateau the ReduceLROnPlateau state, null when it is not configured
 * @param stopReason set when epoch {@code epoch} ended training (a crash before the result was
 *     written must not train on); null otherwise
 * @param info how to rebuild the block
 * @param definition what defines the training ({@link TrainingDefinition}); null in a {@code last/}
 *     written before Plateau recorded it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingState(
    int epoch,
    int step,
    double trainLossSum,
    long trainSamples,
    float learningRate,
    EarlyStoppingState earlyStopping,
    EarlyStoppingState plateau,
    StopReason stopReason,
    ModelInfo info,
    JsonNode definition) {}
