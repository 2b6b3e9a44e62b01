package dev.plateau.api.sweep;

import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.api.v1alpha1.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a sweep's trials stand: counts by state, the best trial and the leaderboard, from the
 * trials' records alone.
 *
 * @param running trials pending or running
 * @param leaderboard the best {@code size} trials with a best value, best first; ties go to the
 *     lower trial number
 */
public record Standings(
    int created,
    int running,
    int pruned,
    int completed,
    int failed,
    TrialRecord best,
    List<TrialRecord> leaderboard) {

  /** The standings of {@code trials}, ranking up to {@code size} of them. */
  public static Standings of(List<TrialRecord> trials, Mode mode, int size) {
    int running = 0;
    int pruned = 0;
    int completed = 0;
    int failed = 0;
    List<TrialRecord> ranked = new ArrayList<>();
    for (TrialRecord t : trials) {
      TrialState state = t.getState() == null ? TrialState.Pending : t.getState();
      switch (state) {
        case Pending, Running -> running++;
        case Pruned -> pruned++;
        case Completed -> completed++;
        case Failed -> failed++;
      }
      if (t.getBestValue() != null && state != TrialState.Failed) {
        ranked.add(t);
      }
    }
    Comparator<TrialRecord> byValue = Comparator.comparingDouble(TrialRecord::getBestValue);
    if (mode == Mode.MAX) {
      byValue = byValue.reversed();
    }
    ranked.sort(byValue.thenComparingInt(TrialRecord::getNumber));
    List<TrialRecord> top = List.copyOf(ranked.subList(0, Math.min(size, ranked.size())));
    return new Standings(
        trials.size(), running, pruned, completed, failed, top.isEmpty() ? null : top.get(0), top);
  }
}
