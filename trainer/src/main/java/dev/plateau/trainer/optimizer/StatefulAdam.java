package dev.plateau.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Adam with L2 weight decay added to the gradient, as PyTorch's {@code torch.optim.Adam}: {@code m
 * = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
public final class StatefulAdam extends StatefulOptimizer {

  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  /** Optimizer steps taken; the same for every parameter. */
  private long steps;

  public StatefulAdam(float learningRate, float weightDecay) {
    super(learningRate, weightDecay);
  }

  /** Marks the start of a training step: all parameters then share one step count. */
  public void beginStep() {
    steps++;
  }

  public long steps() {
    return steps;
  }

  @Override
  protected int stateArrays() {
    return 2;
  }

  @Override
  protected String kind() {
    return "adam";
  }

  @Override
  protected long[] scalars() {
    return new long[] {steps};
  }

  @Override
  protected void restoreScalars(long[] values) {
    steps = values[0];
  }

  @Override
  protected void apply(NDArray weight, NDArray grad, NDArray[] state) {
    long t = Math.max(1, steps);
    float lr = learningRate();
    double correction1 = 1 - Math.pow(BETA1, t);
    double correction2 = 1 - Math.pow(BETA2, t);
    NDArray m = state[0];
    NDArray v = state[1];
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = grad;
      if (weightDecayValue() > 0) {
        g = grad.add(weight.mul(weightDecayValue()));
      }
      m.muli(BETA1).addi(g.mul(1 - BETA1));
      v.muli(BETA2).addi(g.square().muli(1 - BETA2));
      NDArray denominator = v.div(correction2).sqrt().addi(EPSILON);
      weight.subi(m.div(denominator).muli(lr / correction1));
    }
  }
}
