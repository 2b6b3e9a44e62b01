package dev.plateau.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;

/**
 * {@code best/checkpoint.json}: which weights file holds the best epoch and why it is best.
 *
 * @param epoch the epoch of the weights
 * @param monitor the metric that made it best
 * @param mode min or max
 * @param value the monitored value at that epoch
 * @param paramsFile the DJL weights file in the same folder, e.g. model-0012.params
 * @param info how to rebuild the block
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BestCheckpoint(
    int epoch, Monitor monitor, Mode mode, double value, String paramsFile, ModelInfo info) {}
