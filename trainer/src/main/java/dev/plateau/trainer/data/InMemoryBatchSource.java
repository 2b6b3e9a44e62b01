package dev.plateau.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.NoSuchElementException;

/**
 * Serves batches of data held in memory: each batch is gathered into one buffer and handed to the
 * engine in one copy, with no per-sample objects.
 */
public final class InMemoryBatchSource implements BatchSource {

  private final LabeledData data;

  public InMemoryBatchSource(LabeledData data) {
    this.data = data;
  }

  public LabeledData data() {
    return data;
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public long[] sampleShape() {
    return data.sampleShape();
  }

  @Override
  public Batches batches(NDManager manager, int[] order, int batchSize, int fromBatch) {
    int sampleSize = data.sampleSize();
    return new Batches() {
      int start = fromBatch * batchSize;

      @Override
      public boolean hasNext() {
        return start < data.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = Math.min(batchSize, data.size() - start);
        float[] features = new float[n * sampleSize];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
          int sample = order == null ? start + i : order[start + i];
          System.arraycopy(
              data.features(), sample * sampleSize, features, i * sampleSize, sampleSize);
          labels[i] = data.labels()[sample];
        }
        start += n;
        long[] shape = new long[data.sampleShape().length + 1];
        shape[0] = n;
        System.arraycopy(data.sampleShape(), 0, shape, 1, data.sampleShape().length);
        NDManager batchManager = manager.newSubManager();
        NDArray x = batchManager.create(FloatBuffer.wrap(features), new Shape(shape));
        NDArray y = batchManager.create(IntBuffer.wrap(labels), new Shape(n));
        return new Batch(batchManager, x, y);
      }
    };
  }
}
