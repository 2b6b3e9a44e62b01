package dev.plateau.trainer.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded permutations: the validation split and the per-epoch training order. */
public final class Split {

  private Split() {}

  /** A permutation of {@code 0..n-1} that depends only on the seed. */
  public static int[] permutation(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * The order of epoch {@code epoch}: a function of (seed, epoch) only, so a resumed run sees the
   * same order as an uninterrupted one.
   */
  public static int[] epochOrder(int n, long seed, int epoch) {
    return permutation(n, seed * 1_000_003L + epoch);
  }

  /**
   * Indices of the training and validation parts.
   *
   * @return {training, validation}, each in ascending order
   */
  public static int[][] trainValidation(int n, double validationShare, long seed) {
    int validation = (int) Math.round(n * validationShare);
    if (validationShare > 0 && n > 1) {
      validation = Math.max(1, Math.min(n - 1, validation));
    }
    int[] order = permutation(n, seed);
    int[] val = Arrays.copyOfRange(order, 0, validation);
    int[] train = Arrays.copyOfRange(order, validation, n);
    Arrays.sort(val);
    Arrays.sort(train);
    return new int[][] {train, val};
  }
}
