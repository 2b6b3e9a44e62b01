package dev.plateau.trainer.data;

/** Standardises CSV features with the training set's mean and standard deviation. */
final class FeatureScaling {

  private FeatureScaling() {}

  static float[] mean(LabeledData data) {
    int n = data.sampleSize();
    double[] sum = new double[n];
    for (int s = 0; s < data.size(); s++) {
      for (int f = 0; f < n; f++) {
        sum[f] += data.features()[s * n + f];
      }
    }
    float[] mean = new float[n];
    for (int f = 0; f < n; f++) {
      mean[f] = (float) (sum[f] / Math.max(1, data.size()));
    }
    return mean;
  }

  static float[] std(LabeledData data, float[] mean) {
    int n = data.sampleSize();
    double[] sum = new double[n];
    for (int s = 0; s < data.size(); s++) {
      for (int f = 0; f < n; f++) {
        double d = data.features()[s * n + f] - mean[f];
        sum[f] += d * d;
      }
    }
    float[] std = new float[n];
    for (int f = 0; f < n; f++) {
      double v = Math.sqrt(sum[f] / Math.max(1, data.size()));
      // A constant feature keeps its (centred) value rather than dividing by zero.
      std[f] = v < 1e-8 ? 1f : (float) v;
    }
    return std;
  }

  static void apply(LabeledData data, float[] mean, float[] std) {
    int n = data.sampleSize();
    float[] x = data.features();
    for (int s = 0; s < data.size(); s++) {
      for (int f = 0; f < n; f++) {
        x[s * n + f] = (x[s * n + f] - mean[f]) / std[f];
      }
    }
  }
}
