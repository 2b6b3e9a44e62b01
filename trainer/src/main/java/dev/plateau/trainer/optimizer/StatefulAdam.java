package dev.plateau.trainer.optimizer;

import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} (Kingma and Ba, "Adam: A Method for Stochastic
 * Optimization", ICLR 2015), with L2 weight decay added to the gradient: {@code g += wd w; m = b1 m
 * + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}, run by
 * PyTorch's fused kernel. Betas and epsilon are PyTorch's defaults.
 */
public final class StatefulAdam extends StatefulOptimizer {

  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  /** Optimizer steps taken; the same for every parameter. */
  private long steps;

  /** The kernel's per-parameter step counters (float tensors), created at the first step. */
  private IValue stepList;

  private NDList stepArrays;

  public StatefulAdam(float learningRate, float weightDecay) {
    super(learningRate, weightDecay);
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
    closeSteps();
  }

  @Override
  protected void step(PtSymbolBlock kernels, IValue weights, IValue gradients, IValue[] state) {
    if (stepList == null) {
      stepList = stepCounters();
    }
    call(
        kernels,
        "adam",
        new IValue[] {weights, gradients, state[0], state[1], stepList},
        stepLearningRate(),
        BETA1,
        BETA2,
        weightDecay(),
        EPSILON);
    steps++;
  }

  /** One scalar float tensor per parameter holding {@link #steps}, as the fused kernel wants. */
  private IValue stepCounters() {
    stepArrays = new NDList();
    for (PtNDArray weight : weights()) {
      stepArrays.add(weight.getManager().create((float) steps).toDevice(weight.getDevice(), false));
    }
    return IValue.listFrom(
        stepArrays.stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new));
  }

  private void closeSteps() {
    if (stepList != null) {
      stepList.close();
      stepList = null;
    }
    if (stepArrays != null) {
      stepArrays.close();
      stepArrays = null;
    }
  }

  @Override
  public void close() {
    closeSteps();
    super.close();
  }
}
