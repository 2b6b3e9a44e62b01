package dev.plateau.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.NoSuchElementException;

/**
 * Serves batches of data held in memory: each batch is gathered into one native buffer, reused from
 * batch to batch, and handed to the engine without another copy or per-sample objects. A batch's
 * arrays may share that buffer, so close each batch before asking for the next.
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
    int capacity = Math.min(batchSize, data.size());
    ByteBuffer featureBytes =
        ByteBuffer.allocateDirect(capacity * sampleSize * Float.BYTES)
            .order(ByteOrder.nativeOrder());
    ByteBuffer labelBytes =
        ByteBuffer.allocateDirect(capacity * Long.BYTES).order(ByteOrder.nativeOrder());
    FloatBuffer features = featureBytes.asFloatBuffer();
    LongBuffer labels = labelBytes.asLongBuffer();
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
        features.clear();
        labels.clear();
        for (int i = 0; i < n; i++) {
          int sample = order == null ? start + i : order[start + i];
          features.put(data.features(), sample * sampleSize, sampleSize);
          labels.put(data.labels()[sample]);
        }
        start += n;
        long[] shape = new long[data.sampleShape().length + 1];
        shape[0] = n;
        System.arraycopy(data.sampleShape(), 0, shape, 1, data.sampleShape().length);
        NDManager batchManager = manager.newSubManager();
        NDArray x =
            batchManager.create(
                featureBytes
                    .duplicate()
                    .position(0)
                    .limit(n * sampleSize * Float.BYTES)
                    .slice()
                    .order(ByteOrder.nativeOrder()),
                new Shape(shape),
                DataType.FLOAT32);
        NDArray y =
            batchManager.create(
                labelBytes
                    .duplicate()
                    .position(0)
                    .limit(n * Long.BYTES)
                    .slice()
                    .order(ByteOrder.nativeOrder()),
                new Shape(n),
                DataType.INT64);
        return new Batch(batchManager, x, y);
      }
    };
  }
}
