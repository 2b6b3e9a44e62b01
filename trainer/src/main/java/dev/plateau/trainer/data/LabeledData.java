package dev.plateau.trainer.data;

import java.util.Arrays;

/**
 * Samples held in memory: features in one flat array (sample after sample, each of {@code
 * sampleShape}), labels in another. Small enough data sets live like this and are batched without
 * per-sample objects.
 */
public record LabeledData(float[] features, int[] labels, long[] sampleShape) {

  public LabeledData {
    long sampleSize = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
    if ((long) labels.length * sampleSize != features.length) {
      throw new IllegalArgumentException(
          labels.length + " labels do not match " + features.length + " feature values");
    }
  }

  public int size() {
    return labels.length;
  }

  public int sampleSize() {
    return size() == 0 ? 0 : features.length / size();
  }

  /** The samples at {@code indices}, in that order. */
  public LabeledData select(int[] indices) {
    int n = sampleSize();
    float[] f = new float[indices.length * n];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * n, f, i * n, n);
      l[i] = labels[indices[i]];
    }
    return new LabeledData(f, l, sampleShape);
  }

  /** The first {@code count} samples (all if there are fewer). */
  public LabeledData head(int count) {
    if (count >= size()) {
      return this;
    }
    int n = sampleSize();
    return new LabeledData(
        Arrays.copyOf(features, count * n), Arrays.copyOf(labels, count), sampleShape);
  }

  /** The largest label plus one. */
  public int classCount() {
    int max = -1;
    for (int label : labels) {
      max = Math.max(max, label);
    }
    return max + 1;
  }
}
