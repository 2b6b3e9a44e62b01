package dev.plateau.trainer.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.plateau.trainer.data.Batch;
import dev.plateau.trainer.data.BatchSource;

/**
 * Mean loss and accuracy of the model on a data set, in inference mode (no dropout, no gradients).
 *
 * @param loss mean cross-entropy loss per sample
 * @param accuracy share of samples whose most likely class is the label
 */
public record Evaluation(double loss, double accuracy) {

  /**
   * Evaluates with the block's current parameter arrays (a fresh parameter store, so weights loaded
   * since a trainer last ran are the ones used).
   */
  public static Evaluation of(
      Block block, Loss lossFunction, BatchSource data, NDManager manager, int batchSize) {
    ParameterStore parameters = new ParameterStore(manager, false);
    double lossSum = 0;
    long correct = 0;
    long samples = 0;
    try (BatchSource.Batches batches = data.batches(manager, null, batchSize, 0)) {
      while (batches.hasNext()) {
        try (Batch batch = batches.next()) {
          NDList predictions = block.forward(parameters, batch.data(), false);
          NDArray loss = lossFunction.evaluate(batch.label(), predictions);
          int n = batch.size();
          lossSum += loss.getFloat() * (double) n;
          NDArray predicted = predictions.singletonOrThrow().argMax(1);
          correct +=
              predicted
                  .eq(batch.labels().toType(predicted.getDataType(), false))
                  .toType(DataType.INT64, false)
                  .sum()
                  .getLong();
          samples += n;
        }
      }
    }
    return new Evaluation(lossSum / samples, (double) correct / samples);
  }
}
