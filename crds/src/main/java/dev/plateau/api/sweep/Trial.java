package dev.plateau.api.sweep;

import dev.plateau.api.v1alpha1.Mode;
import java.util.List;

/**
 * A trial of a sweep as the pruners see it: its state and the monitored value of each epoch it
 * reported, epoch 1 first. A resumed trial's re-reported epochs replace the earlier ones, so the
 * list is always the latest value per epoch.
 *
 * @param values the monitored value per epoch; NaN for a non-finite value (the worst there is)
 */
public record Trial(String name, State state, List<Double> values) {

  /** Where a trial stands. */
  public enum State {
    RUNNING,
    COMPLETED,
    PRUNED,
    FAILED
  }

  public Trial {
    values = List.copyOf(values);
  }

  /** A trial as the sweep's status records it. */
  public static Trial of(dev.plateau.api.v1alpha1.TrialRecord record) {
    State state =
        record.getState() == null
            ? State.RUNNING
            : switch (record.getState()) {
              case Pending, Running -> State.RUNNING;
              case Completed -> State.COMPLETED;
              case Pruned -> State.PRUNED;
              case Failed -> State.FAILED;
            };
    List<Double> values =
        record.getValues() == null
            ? List.of()
            : record.getValues().stream()
                .map(v -> dev.plateau.api.v1alpha1.TrialRecord.read(v))
                .toList();
    return new Trial(record.getName(), state, values);
  }

  /** The epoch of the best value (the first of equals), or 0 if none is finite. */
  public int bestEpoch(Mode mode) {
    double best = Double.NaN;
    int epoch = 0;
    for (int i = 0; i < values.size(); i++) {
      if (Pruning.better(values.get(i), best, mode)) {
        best = values.get(i);
        epoch = i + 1;
      }
    }
    return epoch;
  }

  /** Epochs reported. */
  public int epochs() {
    return values.size();
  }

  /** The best value of epochs 1 to {@code epoch} (NaN counts as the worst), or NaN if none. */
  public double bestUpTo(int epoch, Mode mode) {
    double best = Double.NaN;
    for (int i = 0; i < Math.min(epoch, values.size()); i++) {
      double v = values.get(i);
      if (Pruning.better(v, best, mode)) {
        best = v;
      }
    }
    return best;
  }

  /** The mean of epochs 1 to {@code epoch}; NaN when any of them is NaN or there are none. */
  public double meanUpTo(int epoch) {
    int n = Math.min(epoch, values.size());
    if (n == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values.get(i);
    }
    return sum / n;
  }
}
