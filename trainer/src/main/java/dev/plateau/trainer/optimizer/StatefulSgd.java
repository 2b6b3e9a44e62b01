package dev.plateau.trainer.optimizer;

import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;

/**
 * SGD with momentum and L2 weight decay as PyTorch's {@code torch.optim.SGD} (dampening 0, not
 * Nesterov): {@code g += wd w; b = mu b + g; w -= lr b}, run by PyTorch's fused kernel. The buffer
 * starts at zero, so the first step is {@code b = g} as in PyTorch; with momentum 0 it is plain
 * SGD.
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
  protected void step(PtSymbolBlock kernels, IValue weights, IValue gradients, IValue[] state) {
    call(
        kernels,
        "sgd",
        new IValue[] {weights, gradients, state[0]},
        stepLearningRate(),
        decimal(momentum),
        weightDecay());
  }
}
