package dev.plateau.api.sweep;

import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.PruningSpec;
import java.util.Collection;

/**
 * Judges a trial after its latest epoch: ASHA at each rung it reached, the median rule at each new
 * epoch, or never. Each rung or epoch is judged once: the caller keeps {@code judgedUpTo}, the
 * epochs the trial had when it was last judged, and sets it to {@code trial.epochs()} after each
 * call. A resumed trial that reports an epoch again is not judged at it again.
 */
@FunctionalInterface
public interface Pruner {

  /**
   * @param trial the trial that reported, with every epoch it reported
   * @param judgedUpTo its epochs when it was last judged (0 at first)
   * @param all every trial of the sweep, {@code trial} included, in any state
   */
  Pruning judge(Trial trial, int judgedUpTo, Collection<Trial> all);

  /** Never prunes. */
  Pruner NONE = (trial, judgedUpTo, all) -> Pruning.GO_ON;

  /** The pruner a sweep's spec names, for trials of at most {@code maxEpochs} epochs. */
  static Pruner of(PruningSpec spec, Mode mode, int maxEpochs) {
    return switch (spec.algorithmOrDefault()) {
      case NONE -> NONE;
      case ASHA -> {
        Asha asha =
            new Asha(spec.gracePeriodOrDefault(), spec.reductionFactorOrDefault(), mode, maxEpochs);
        yield (trial, judgedUpTo, all) -> {
          int rung = asha.rungIn(judgedUpTo, trial.epochs());
          return rung == 0 ? Pruning.GO_ON : asha.decide(trial, rung, all);
        };
      }
      case MEDIAN -> {
        MedianStopping median =
            new MedianStopping(spec.gracePeriodOrDefault(), spec.minTrialsOrDefault(), mode);
        yield (trial, judgedUpTo, all) ->
            trial.epochs() <= judgedUpTo ? Pruning.GO_ON : median.decide(trial, all);
      }
    };
  }
}
