package dev.plateau.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plateau.api.v1alpha1.ModelSpec;
import java.util.List;

/**
 * What it takes to rebuild a checkpoint's block and feed it: saved next to the weights so {@code
 * plateau evaluate} (or plain DJL) can load them without the run's manifest.
 *
 * @param model the architecture and its settings
 * @param sampleShape shape of one input sample, e.g. [1, 28, 28]
 * @param classes number of output classes
 * @param classNames class names by class number (image folders), else null
 * @param featureMean CSV feature means subtracted from inputs, else null
 * @param featureStd CSV feature standard deviations inputs are divided by, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
    ModelSpec model,
    long[] sampleShape,
    int classes,
    List<String> classNames,
    float[] featureMean,
    float[] featureStd) {

  /** The shape of a batch of one sample, e.g. [1, 1, 28, 28], to initialise the block with. */
  public long[] batchOfOne() {
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = 1;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    return shape;
  }
}
