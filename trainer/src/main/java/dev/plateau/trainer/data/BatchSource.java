package dev.plateau.trainer.data;

import ai.djl.ndarray.NDManager;
import java.util.Iterator;

/** Samples served in batches, in an order the caller chooses (the seeded epoch shuffle). */
public interface BatchSource {

  /** Number of samples. */
  int size();

  /** Shape of one sample, e.g. {1, 28, 28}. */
  long[] sampleShape();

  /**
   * The batches of one pass.
   *
   * @param manager the parent of each batch's own manager (on the training device)
   * @param order sample indices in the order to serve them; null for file order
   * @param batchSize samples per batch (the last batch may be smaller)
   * @param fromBatch the first batch to serve (a resumed epoch skips what it had done)
   */
  Batches batches(NDManager manager, int[] order, int batchSize, int fromBatch);

  /** Number of batches of one pass. */
  default int batchCount(int batchSize) {
    return (size() + batchSize - 1) / batchSize;
  }

  /** An open pass over the data; closing it stops any prefetching. */
  interface Batches extends Iterator<Batch>, AutoCloseable {
    @Override
    default void close() {}
  }
}
