package dev.plateau.trainer.loop;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.data.Batch;
import dev.plateau.trainer.data.BatchSource;
import dev.plateau.trainer.model.CrossEntropyLoss;
import dev.plateau.trainer.model.ModelFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Mean loss and accuracy of the model on a data set, in inference mode (no dropout, no gradients).
 *
 * @param loss mean cross-entropy loss per sample
 * @param accuracy share of samples whose most likely class is the label
 */
public record Evaluation(double loss, double accuracy) {

  /**
   * Scores a best checkpoint: its block rebuilt from {@code checkpoint.json}, its weights loaded
   * into a model of their own (never into a trainer's, which caches its parameter arrays).
   */
  public static Evaluation ofBest(
      Path bestDir, BestCheckpoint best, BatchSource data, Device device, int batchSize)
      throws IOException {
    try (Model model = Model.newInstance("best", device)) {
      if (best.info().model().getTorchscript() != null) {
        FileCheckpointStore.loadBestModule(model, bestDir, best);
      } else {
        model.setBlock(
            ModelFactory.build(
                best.info().model(), best.info().sampleShape(), best.info().classes()));
        FileCheckpointStore.loadBest(model, bestDir, best);
        model
            .getBlock()
            .initialize(
                model.getNDManager(), model.getDataType(), new Shape(best.info().batchOfOne()));
      }
      try (NDManager manager = model.getNDManager().newSubManager()) {
        return of(model.getBlock(), new CrossEntropyLoss(), data, manager, batchSize);
      }
    }
  }

  /**
   * Evaluates with the block's current parameter arrays (a fresh parameter store, so weights loaded
   * since the last training step are the ones used). Sums are kept on the engine and read once.
   */
  public static Evaluation of(
      Block block, Loss lossFunction, BatchSource data, NDManager manager, int batchSize) {
    ParameterStore parameters = new ParameterStore(manager, false);
    NDArray lossSum = manager.create(0.0);
    NDArray correct = manager.zeros(new Shape(), DataType.INT64);
    long samples = 0;
    try (BatchSource.Batches batches = data.batches(manager, null, batchSize, 0)) {
      while (batches.hasNext()) {
        try (Batch batch = batches.next()) {
          NDArray logits = block.forward(parameters, batch.data(), false).singletonOrThrow();
          lossSum.addi(lossFunction.evaluate(batch.label(), new NDList(logits)).mul(batch.size()));
          NDArray predicted = logits.argMax(1);
          correct.addi(
              predicted
                  .eq(batch.labels().toType(predicted.getDataType(), false))
                  .toType(DataType.INT64, false)
                  .sum());
          samples += batch.size();
        }
      }
    }
    return new Evaluation(lossSum.getDouble() / samples, (double) correct.getLong() / samples);
  }
}
