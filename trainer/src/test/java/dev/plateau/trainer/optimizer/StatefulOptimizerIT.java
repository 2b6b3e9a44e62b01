package dev.plateau.trainer.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StatefulOptimizerIT {

  @Test
  void adamTakesTheTextbookFirstStep() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f, -2f});
      NDArray g = m.create(new float[] {0.5f, -0.25f});
      StatefulAdam adam = new StatefulAdam(0.1f, 0f);
      NDArray[] state = {w.zerosLike(), w.zerosLike()};
      adam.beginStep();
      adam.apply(w, g, state);
      // Step 1: m/(1-b1) = g, v/(1-b2) = g^2, so w -= lr * g/|g| = lr * sign(g).
      assertThat(w.toFloatArray()[0]).isCloseTo(0.9f, within(1e-5f));
      assertThat(w.toFloatArray()[1]).isCloseTo(-1.9f, within(1e-5f));
      assertThat(state[0].toFloatArray()[0]).isCloseTo(0.05f, within(1e-7f));
      assertThat(state[1].toFloatArray()[0]).isCloseTo(0.00025f, within(1e-8f));
    }
  }

  @Test
  void sgdWithMomentumAccumulatesVelocity() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f});
      NDArray[] state = {w.zerosLike()};
      StatefulSgd sgd = new StatefulSgd(0.1f, 0.9f, 0f);
      sgd.apply(w, m.create(new float[] {1f}), state);
      sgd.apply(w, m.create(new float[] {1f}), state);
      // b1 = 1, w = 0.9; b2 = 0.9 + 1 = 1.9, w = 0.9 - 0.19 = 0.71
      assertThat(w.toFloatArray()[0]).isCloseTo(0.71f, within(1e-6f));
      assertThat(state[0].toFloatArray()[0]).isCloseTo(1.9f, within(1e-6f));
    }
  }

  @Test
  void learnsLikeDjlsOwnAdam() throws Exception {
    float[] ours = train(() -> new StatefulAdam(0.01f, 0f), 60, -1);
    float[] djl =
        train(
            () ->
                ai.djl.training.optimizer.Optimizer.adam()
                    .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.01f))
                    .build(),
            60,
            -1);
    assertThat(ours[59]).as("loss after 60 steps").isCloseTo(djl[59], within(1e-4f));
    assertThat(ours[59]).isLessThan(ours[0] * 0.5f);
  }

  @Test
  void savedStateContinuesExactlyAsWithoutTheSave() throws Exception {
    float[] uninterrupted = train(() -> new StatefulAdam(0.01f, 0.001f), 40, -1);
    float[] resumed = train(() -> new StatefulAdam(0.01f, 0.001f), 40, 20);
    assertThat(resumed).containsExactly(uninterrupted);
    float[] sgd = train(() -> new StatefulSgd(0.05f, 0.9f, 0f), 40, -1);
    float[] sgdResumed = train(() -> new StatefulSgd(0.05f, 0.9f, 0f), 40, 20);
    assertThat(sgdResumed).containsExactly(sgd);
  }

  /**
   * Trains a tiny classifier for {@code steps}; with {@code restartAt >= 0} the model and the
   * optimizer are saved there and loaded into fresh instances, as a resumed trainer does.
   */
  private static float[] train(
      Supplier<ai.djl.training.optimizer.Optimizer> optimizers, int steps, int restartAt)
      throws Exception {
    float[] losses = new float[steps];
    byte[] params = null;
    byte[] optimizerState = null;
    int step = 0;
    while (step < steps) {
      Engine.getInstance().setRandomSeed(3);
      try (Model model = Model.newInstance("t");
          NDManager data = NDManager.newBaseManager()) {
        model.setBlock(
            new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(3).build()));
        if (params != null) {
          // As a resumed trainer: weights first, then the trainer (which caches them).
          model
              .getBlock()
              .loadParameters(
                  model.getNDManager(), new DataInputStream(new ByteArrayInputStream(params)));
        }
        ai.djl.training.optimizer.Optimizer optimizer = optimizers.get();
        try (Trainer trainer =
            model.newTrainer(
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer))) {
          trainer.initialize(new Shape(1, 4));
          if (optimizer instanceof StatefulOptimizer so) {
            so.bind(model.getBlock());
            if (params != null) {
              so.load(
                  new DataInputStream(new ByteArrayInputStream(optimizerState)),
                  model.getNDManager());
            }
          }
          Engine.getInstance().setRandomSeed(11);
          NDArray x = data.randomNormal(new Shape(32, 4));
          NDArray y =
              x.get(":, 0")
                  .gt(0)
                  .toType(DataType.INT32, false)
                  .add(x.get(":, 1").gt(0).toType(DataType.INT32, false));
          for (; step < steps; step++) {
            if (step == restartAt && params == null) {
              params = save(out -> model.getBlock().saveParameters(out));
              optimizerState = save(((StatefulOptimizer) optimizer)::save);
              break;
            }
            try (GradientCollector c = trainer.newGradientCollector()) {
              NDArray loss =
                  trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
              c.backward(loss);
              losses[step] = loss.getFloat();
            }
            if (optimizer instanceof StatefulAdam adam) {
              adam.beginStep();
            }
            trainer.step();
          }
        }
      }
    }
    return losses;
  }

  interface Saver {
    void save(DataOutputStream out) throws IOException;
  }

  private static byte[] save(Saver saver) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      saver.save(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
