package dev.plateau.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plateau.api.v1alpha1.DatasetFormat;
import java.util.List;

/**
 * {@code best/preprocessing.json}: how Plateau turned the data into the module's input, which a
 * TorchScript file cannot carry. A server applies the same steps before calling the module.
 *
 * @param input the input batch the module takes, e.g. {@code float32 (N, 1, 28, 28)}
 * @param steps the steps in order, in words
 * @param pixelScale images: each 8-bit pixel value is multiplied by this (1/255), else null
 * @param featureMean csv: per-feature mean subtracted first, else null
 * @param featureStd csv: per-feature standard deviation divided by next, else null
 * @param classNames the class of each output index, when the data names them (image folders, CSV
 *     files with class names); else output index i is class number i
 * @param classes the number of outputs (logits)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preprocessing(
    String input,
    List<String> steps,
    Double pixelScale,
    float[] featureMean,
    float[] featureStd,
    List<String> classNames,
    int classes) {

  /** The preprocessing of the data a checkpoint was trained on, read in {@code format}. */
  public static Preprocessing of(ModelInfo info, DatasetFormat format) {
    long[] shape = info.sampleShape();
    StringBuilder input = new StringBuilder("float32 (N");
    for (long d : shape) {
      input.append(", ").append(d);
    }
    input.append(")");
    String logits = "the module returns logits (N, " + info.classes() + "); argmax is the class";
    if (shape.length == 3) {
      return new Preprocessing(
          input.toString(),
          List.of(
              switch (format) {
                case IMAGEFOLDER ->
                    "decode PNG or JPEG to 8-bit RGB (alpha dropped), resize to "
                        + shape[1]
                        + "x"
                        + shape[2]
                        + " (bilinear), channels first";
                case CIFAR10 -> "take the 3x32x32 bytes of a record as they are (channels first)";
                default ->
                    "take the "
                        + shape[1]
                        + "x"
                        + shape[2]
                        + " 8-bit grey pixels as they are, one channel";
              },
              "multiply each 8-bit pixel value by 1/255, giving [0, 1]",
              logits),
          1 / 255.0,
          null,
          null,
          info.classNames(),
          info.classes());
    }
    return new Preprocessing(
        input.toString(),
        List.of(
            "take the feature columns in the training file's order",
            info.featureMean() == null
                ? "use the values as they are"
                : "subtract featureMean, then divide by featureStd, feature by feature",
            logits),
        null,
        info.featureMean(),
        info.featureStd(),
        info.classNames(),
        info.classes());
  }
}
