package dev.plateau.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SeededDropoutTest {

  private static final Shape SHAPE = new Shape(128, 256);

  @Test
  void zeroesTheRateAndScalesTheRestInTraining() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] out = forward(m, new SeededDropout(0.2f), 7, true).toFloatArray();
      long zeros = 0;
      for (float v : out) {
        assertThat(v).isIn(0f, 1.25f);
        zeros += v == 0f ? 1 : 0;
      }
      // 32768 draws: the share is within 0.01 of 0.2 (4.5 standard deviations).
      assertThat(zeros / (double) out.length).isCloseTo(0.2, within(0.01));
    }
  }

  @Test
  void theMaskDependsOnTheSeedAlone() {
    try (NDManager m = NDManager.newBaseManager()) {
      SeededDropout dropout = new SeededDropout(0.5f);
      float[] first = forward(m, dropout, 42, true).toFloatArray();
      float[] again = forward(m, new SeededDropout(0.5f), 42, true).toFloatArray();
      float[] other = forward(m, dropout, 43, true).toFloatArray();
      assertThat(again).containsExactly(first);
      assertThat(other).isNotEqualTo(first);
    }
  }

  @Test
  void passesTheInputInInference() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThat(forward(m, new SeededDropout(0.4f), 1, false).toFloatArray())
          .containsOnly(1f)
          .hasSize((int) SHAPE.size());
    }
  }

  @Test
  void theGradientIsTheMask() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.ones(new Shape(4, 64));
      x.setRequiresGradient(true);
      SeededDropout dropout = new SeededDropout(0.3f);
      dropout.initialize(m, DataType.FLOAT32, x.getShape());
      dropout.reseed(5);
      NDArray y;
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        y = dropout.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
        c.backward(y.sum());
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(y.toFloatArray());
    }
  }

  @Test
  void aCheckpointIsThatOfDjlsDropout() throws IOException {
    byte[] ours = saved(new SeededDropout(0.2f));
    byte[] djl = saved(Dropout.builder().optRate(0.2f).build());
    assertThat(ours).isEqualTo(djl);
  }

  @Test
  void refusesARateOutsideZeroToOne() {
    assertThatThrownBy(() -> new SeededDropout(1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dropout rate must be in [0, 1), not 1.0");
    assertThatThrownBy(() -> new SeededDropout(-0.1f)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void crossEntropyIsDjlsSoftmaxCrossEntropy() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      NDArray logits = m.randomNormal(new Shape(16, 10));
      NDArray labels = m.randomInteger(0, 10, new Shape(16), DataType.INT64);
      float ours =
          new CrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)).getFloat();
      float djl =
          Loss.softmaxCrossEntropyLoss()
              .evaluate(new NDList(labels.toType(DataType.INT32, false)), new NDList(logits))
              .getFloat();
      assertThat(ours).isCloseTo(djl, within(1e-6f)).isPositive();
    }
  }

  private static NDArray forward(NDManager m, SeededDropout dropout, long seed, boolean training) {
    dropout.initialize(m, DataType.FLOAT32, SHAPE);
    dropout.reseed(seed);
    return dropout
        .forward(new ParameterStore(m, false), new NDList(m.ones(SHAPE)), training)
        .singletonOrThrow();
  }

  /** The bytes DJL saves for a linear layer followed by {@code dropout}. */
  private static byte[] saved(Block dropout) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(11);
      Block block = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(dropout);
      block.initialize(m, DataType.FLOAT32, new Shape(1, 4));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      block.saveParameters(new DataOutputStream(bytes));
      return bytes.toByteArray();
    }
  }
}
