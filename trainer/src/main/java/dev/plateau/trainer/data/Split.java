package dev.plateau.trainer.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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
   * Indices of the training and validation parts of labelled samples: the seeded random split of
   * {@link #trainValidation(int, double, long)}, repaired so that class coverage never depends on
   * the seed. A class with two or more samples gets at least one in each part, a class with one
   * sample is trained on; each repair swaps the sample with one of a class that can spare it, in
   * the permutation's order, so the sizes stay and the result depends only on the seed and the
   * labels. A split that already covers every class (the usual case) is returned unchanged.
   *
   * @param labels the class number of each sample
   * @return {training, validation}, each in ascending order
   */
  public static int[][] trainValidation(int[] labels, double validationShare, long seed) {
    int n = labels.length;
    int[] order = permutation(n, seed);
    int size = validationSize(n, validationShare);
    boolean[] inValidation = new boolean[n];
    for (int k = 0; k < size; k++) {
      inValidation[order[k]] = true;
    }
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    int[] total = new int[classes];
    int[] count = new int[classes];
    for (int i = 0; i < n; i++) {
      total[labels[i]]++;
      if (inValidation[i]) {
        count[labels[i]]++;
      }
    }
    for (int c = 0; c < classes && size > 0; c++) {
      int validation = count[c];
      int training = total[c] - validation;
      if (total[c] >= 1 && training == 0) {
        swap(labels, order, inValidation, c, true, total, count);
      } else if (total[c] >= 2 && validation == 0) {
        swap(labels, order, inValidation, c, false, total, count);
      }
    }
    int[] train = IntStream.range(0, n).filter(i -> !inValidation[i]).toArray();
    int[] val = IntStream.range(0, n).filter(i -> inValidation[i]).toArray();
    return new int[][] {train, val};
  }

  /**
   * Moves the first sample of class {@code c} (in permutation order) into training ({@code
   * toTraining}) or validation, and the first sample on the other side of a class that keeps one
   * there the other way.
   */
  private static void swap(
      int[] labels,
      int[] order,
      boolean[] inValidation,
      int c,
      boolean toTraining,
      int[] total,
      int[] validationCount) {
    int moved = -1;
    for (int i : order) {
      if (labels[i] == c && inValidation[i] == toTraining) {
        moved = i;
        break;
      }
    }
    for (int i : order) {
      int other = labels[i];
      if (other == c || inValidation[i] == toTraining) {
        continue;
      }
      // The partner leaves its side: it must keep a sample of its class there.
      int onItsSide = toTraining ? total[other] - validationCount[other] : validationCount[other];
      if (onItsSide >= 2) {
        inValidation[i] = toTraining;
        validationCount[other] += toTraining ? 1 : -1;
        break;
      }
    }
    inValidation[moved] = !toTraining;
    validationCount[c] += toTraining ? -1 : 1;
  }

  /** Validation samples of {@code n}: the share rounded, at least 1 and at most n - 1. */
  private static int validationSize(int n, double validationShare) {
    int validation = (int) Math.round(n * validationShare);
    if (validationShare > 0 && n > 1) {
      validation = Math.max(1, Math.min(n - 1, validation));
    }
    return validation;
  }

  /**
   * The first {@code count} samples, with the classes that only appear later represented: for each
   * such class its first sample replaces the last sample whose class has others in the subset.
   * Indices ascending.
   */
  public static int[] headKeepingClasses(int[] labels, int count) {
    if (count >= labels.length) {
      return IntStream.range(0, labels.length).toArray();
    }
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    int[] chosen = IntStream.range(0, count).toArray();
    int[] inSubset = new int[classes];
    for (int i : chosen) {
      inSubset[labels[i]]++;
    }
    int replace = count - 1;
    for (int i = count; i < labels.length; i++) {
      int c = labels[i];
      if (inSubset[c] > 0) {
        continue;
      }
      while (replace >= 0 && inSubset[labels[chosen[replace]]] < 2) {
        replace--;
      }
      if (replace < 0) {
        break;
      }
      inSubset[labels[chosen[replace]]]--;
      chosen[replace] = i;
      inSubset[c]++;
      replace--;
    }
    Arrays.sort(chosen);
    return chosen;
  }

  /**
   * Indices of the training and validation parts of {@code n} samples, by the seed alone.
   *
   * @return {training, validation}, each in ascending order
   */
  public static int[][] trainValidation(int n, double validationShare, long seed) {
    int validation = validationSize(n, validationShare);
    int[] order = permutation(n, seed);
    int[] val = Arrays.copyOfRange(order, 0, validation);
    int[] train = Arrays.copyOfRange(order, validation, n);
    Arrays.sort(val);
    Arrays.sort(train);
    return new int[][] {train, val};
  }
}
