package dev.plateau.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * One batch on the training device: features (N x sample shape, float32) and class labels (N, int64
 * or int32). It owns the manager its arrays live in, so closing the batch also frees everything
 * computed from it (activations, loss).
 */
public record Batch(NDManager manager, NDArray features, NDArray labels) implements AutoCloseable {

  public int size() {
    return (int) labels.getShape().get(0);
  }

  public NDList data() {
    return new NDList(features);
  }

  public NDList label() {
    return new NDList(labels);
  }

  @Override
  public void close() {
    manager.close();
  }
}
