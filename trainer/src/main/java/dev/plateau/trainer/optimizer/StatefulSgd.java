package dev.plateau.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * SGD with momentum and L2 weight decay, as PyTorch's {@code torch.optim.SGD}: {@code b = mu b + g;
 * w -= lr b}.
 */
public final class StatefulSgd extends StatefulOptimizer {

  private final float momentum;

  public StatefulSgd(float learningRate, float momentum, float weightDecay) {
    super(learningRate, weightDecay);
    this.momentum = momentum;
  }

  @Override
  protected int stateArrays() {
    return 1;
  }

  @Override
  protected String kind() {
    return "sgd";
  }

  @Override
  protected long[] scalars() {
    return new long[0];
  }

  @Override
  protected void restoreScalars(long[] values) {}

  @Override
  protected void apply(NDArray weight, NDArray grad, NDArray[] state) {
    NDArray buffer = state[0];
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = grad;
      if (weightDecayValue() > 0) {
        g = grad.add(weight.mul(weightDecayValue()));
      }
      buffer.muli(momentum).addi(g);
      weight.subi(buffer.mul(learningRate()));
    }
  }
}
