package dev.plateau.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Serves an image folder too large to hold in memory: batches are decoded ahead of use by
 * background threads, a few batches deep, so training rarely waits for the disk.
 */
public final class StreamingImageBatchSource implements BatchSource {

  /** Batches decoded ahead of the one in use. */
  static final int PREFETCH = 4;

  private final ImageFolder images;
  private final int decoderThreads;

  public StreamingImageBatchSource(ImageFolder images, int decoderThreads) {
    this.images = images;
    this.decoderThreads = Math.max(1, decoderThreads);
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public long[] sampleShape() {
    return images.sampleShape();
  }

  private record Decoded(float[] features, int[] labels) {}

  @Override
  public Batches batches(NDManager manager, int[] order, int batchSize, int fromBatch) {
    ExecutorService decoders =
        Executors.newFixedThreadPool(
            decoderThreads,
            r -> {
              Thread t = new Thread(r, "image-decoder");
              t.setDaemon(true);
              return t;
            });
    int total = batchCount(batchSize);
    BlockingQueue<Future<Decoded>> ahead = new ArrayBlockingQueue<>(PREFETCH + 1);
    int sampleSize = images.sampleSize();
    return new Batches() {
      int nextToSubmit = fromBatch;
      int served = fromBatch;

      private void fill() {
        while (nextToSubmit < total && ahead.remainingCapacity() > 0) {
          int batch = nextToSubmit++;
          ahead.add(decoders.submit(() -> decode(batch)));
        }
      }

      private Decoded decode(int batch) {
        int start = batch * batchSize;
        int n = Math.min(batchSize, size() - start);
        float[] features = new float[n * sampleSize];
        int[] labels = new int[n];
        IntStream.range(0, n)
            .forEach(
                i -> {
                  int sample = order == null ? start + i : order[start + i];
                  images.decode(sample, features, i * sampleSize);
                  labels[i] = images.labels()[sample];
                });
        return new Decoded(features, labels);
      }

      @Override
      public boolean hasNext() {
        return served < total;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        fill();
        Decoded d;
        try {
          d = ahead.remove().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for images", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
        served++;
        fill();
        int n = d.labels().length;
        long[] shape = {n, 3, images.size(), images.size()};
        NDManager batchManager = manager.newSubManager();
        NDArray x = batchManager.create(FloatBuffer.wrap(d.features()), new Shape(shape));
        // int64, as the in-memory source: the loss and the accuracy count take it as it is.
        NDArray y =
            batchManager.create(
                java.util.Arrays.stream(d.labels()).asLongStream().toArray(), new Shape(n));
        return new Batch(batchManager, x, y);
      }

      @Override
      public void close() {
        decoders.shutdownNow();
      }
    };
  }
}
