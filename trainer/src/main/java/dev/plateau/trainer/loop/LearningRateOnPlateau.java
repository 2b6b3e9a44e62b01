package dev.plateau.trainer.loop;

import dev.plateau.api.contract.EarlyStoppingRule;
import dev.plateau.api.contract.EarlyStoppingState;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.ReduceLROnPlateauSpec;

/**
 * ReduceLROnPlateau: when the monitor has not improved by more than delta for {@code patience}
 * epochs, the learning rate is multiplied by {@code factor} (never below the minimum) and the count
 * starts again. It is the early-stopping rule with its own patience, acting instead of stopping.
 */
final class LearningRateOnPlateau {

  private final EarlyStoppingRule rule;
  private final double factor;
  private final double minLearningRate;

  LearningRateOnPlateau(ReduceLROnPlateauSpec spec, Mode mode, double delta) {
    this.rule = new EarlyStoppingRule(mode, delta, spec.patienceOrDefault(), 0, false);
    this.factor = spec.factorOrDefault();
    this.minLearningRate = spec.minLearningRateOrDefault();
  }

  /**
   * @return the state after this epoch and the learning rate for the next one
   */
  Step observe(EarlyStoppingState state, int epoch, double value, double learningRate) {
    EarlyStoppingRule.Decision d = rule.observe(state, epoch, value);
    if (!d.shouldStop()) {
      return new Step(d.state(), learningRate);
    }
    EarlyStoppingState reset =
        new EarlyStoppingState(d.state().best(), d.state().bestEpoch(), 0, d.state().lastEpoch());
    return new Step(reset, Math.max(minLearningRate, learningRate * factor));
  }

  record Step(EarlyStoppingState state, double learningRate) {}
}
