package dev.plateau.trainer.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StatefulOptimizerIT {

  @Test
  void adamTakesTheTextbookFirstStep() {
    try (NDManager m = NDManager.newBaseManager();
        StatefulAdam adam = new StatefulAdam(0.1f, 0f)) {
      NDArray w = m.create(new float[] {1f, -2f});
      adam.bind(List.of(new Pair<>("w", w)), m);
      step(adam, w, new float[] {0.5f, -0.25f});
      // Step 1: m/(1-b1) = g, v/(1-b2) = g^2, so w -= lr * g/|g| = lr * sign(g).
      assertThat(w.toFloatArray()[0]).isCloseTo(0.9f, within(1e-5f));
      assertThat(w.toFloatArray()[1]).isCloseTo(-1.9f, within(1e-5f));
      assertThat(adam.state("w")[0].toFloatArray()[0]).isCloseTo(0.05f, within(3e-7f));
      assertThat(adam.state("w")[1].toFloatArray()[0]).isCloseTo(0.00025f, within(1e-8f));
      assertThat(adam.steps()).isEqualTo(1);
    }
  }

  @Test
  void sgdWithMomentumAccumulatesVelocity() {
    try (NDManager m = NDManager.newBaseManager();
        StatefulSgd sgd = new StatefulSgd(0.1f, 0.9f, 0f)) {
      NDArray w = m.create(new float[] {1f});
      sgd.bind(List.of(new Pair<>("w", w)), m);
      step(sgd, w, new float[] {1f});
      step(sgd, w, new float[] {1f});
      // b1 = 1, w = 0.9; b2 = 0.9 + 1 = 1.9, w = 0.9 - 0.19 = 0.71
      assertThat(w.toFloatArray()[0]).isCloseTo(0.71f, within(1e-6f));
      assertThat(sgd.state("w")[0].toFloatArray()[0]).isCloseTo(1.9f, within(1e-6f));
    }
  }

  /**
   * Three steps with weight decay give what PyTorch 2.6's {@code torch.optim.Adam(lr=0.01,
   * weight_decay=0.1)} and {@code torch.optim.SGD(lr=0.05, momentum=0.9, weight_decay=0.1)} give
   * for the same start and gradients (values printed by PyTorch, Debian trixie's python3-torch), to
   * float32 rounding: libtorch 2.7.1's fused kernels may order an operation differently from 2.6's,
   * which moves a result by an ulp or two (6e-8 each near 1).
   */
  @Test
  void stepsAsPyTorchDoes() {
    float[][] gradients = {{0.5f, -0.25f, 0.1f}, {0.2f, 0.3f, -0.4f}, {-0.1f, 0.05f, 0.2f}};
    try (NDManager m = NDManager.newBaseManager();
        StatefulAdam adam = new StatefulAdam(0.01f, 0.1f);
        StatefulSgd sgd = new StatefulSgd(0.05f, 0.9f, 0.1f)) {
      NDArray a = m.create(new float[] {1f, -2f, 0.5f});
      NDArray s = m.create(new float[] {1f, -2f, 0.5f});
      adam.bind(List.of(new Pair<>("w", a)), m);
      sgd.bind(List.of(new Pair<>("w", s)), m);
      for (float[] g : gradients) {
        step(adam, a, g);
        step(sgd, s, g);
      }
      assertThat(a.toFloatArray())
          .containsExactly(
              new float[] {0.9734995365142822f, -1.9795223474502563f, 0.49344006180763245f},
              within(3e-7f));
      assertThat(s.toFloatArray())
          .containsExactly(
              new float[] {0.8908442854881287f, -1.9414268732070923f, 0.5004798173904419f},
              within(3e-7f));
    }
  }

  @Test
  void learnsLikeDjlsOwnAdam() throws Exception {
    float[] ours = train(() -> new StatefulAdam(0.01f, 0f), 60, -1);
    float[] djl = trainWithDjl(60);
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

  @Test
  void refusesStateOfAnotherOptimizerOrModel() throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        StatefulAdam adam = new StatefulAdam(0.01f, 0f);
        StatefulSgd sgd = new StatefulSgd(0.01f, 0.9f, 0f);
        StatefulAdam wider = new StatefulAdam(0.01f, 0f)) {
      adam.bind(List.of(new Pair<>("w", m.create(new float[] {1f, 2f}))), m);
      sgd.bind(List.of(new Pair<>("w", m.create(new float[] {1f, 2f}))), m);
      wider.bind(List.of(new Pair<>("w", m.create(new float[] {1f, 2f, 3f}))), m);
      byte[] saved = save(adam::save);

      assertThatThrownBy(() -> sgd.load(input(saved)))
          .isInstanceOf(IOException.class)
          .hasMessage("optimizer state is for adam, not sgd");
      assertThatThrownBy(() -> wider.load(input(saved)))
          .isInstanceOf(IOException.class)
          .hasMessage("optimizer state of w has shape (2), the model's (3)");
    }
  }

  /** Gives {@code w} the gradient {@code g} (as a backward pass would) and takes one step. */
  private static void step(StatefulOptimizer optimizer, NDArray w, float[] g) {
    w.setRequiresGradient(true);
    try (NDManager scratch = w.getManager().newSubManager()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(w.mul(scratch.create(g)).sum());
      }
      optimizer.step();
    }
  }

  private static Block classifier() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(8).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(3).build());
  }

  private static NDList[] problem(NDManager data) {
    Engine.getInstance().setRandomSeed(11);
    NDArray x = data.randomNormal(new Shape(32, 4));
    NDArray y =
        x.get(":, 0")
            .gt(0)
            .toType(DataType.INT32, false)
            .add(x.get(":, 1").gt(0).toType(DataType.INT32, false));
    return new NDList[] {new NDList(x), new NDList(y)};
  }

  /**
   * Trains a tiny classifier for {@code steps} as the trainer does; with {@code restartAt >= 0} the
   * weights and the optimizer are saved there and loaded into fresh instances, as a resumed trainer
   * does.
   */
  private static float[] train(Supplier<StatefulOptimizer> optimizers, int steps, int restartAt)
      throws Exception {
    float[] losses = new float[steps];
    byte[] params = null;
    byte[] optimizerState = null;
    int step = 0;
    Loss loss = Loss.softmaxCrossEntropyLoss();
    while (step < steps) {
      Engine.getInstance().setRandomSeed(3);
      try (Model model = Model.newInstance("t");
          NDManager data = NDManager.newBaseManager();
          StatefulOptimizer optimizer = optimizers.get()) {
        Block block = classifier();
        model.setBlock(block);
        if (params != null) {
          // As a resumed trainer: weights first, then initialise (which keeps them).
          block.loadParameters(
              model.getNDManager(), new DataInputStream(new ByteArrayInputStream(params)));
        }
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 4));
        optimizer.bind(block, model.getNDManager());
        if (params != null) {
          optimizer.load(input(optimizerState));
        }
        NDList[] xy = problem(data);
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        for (; step < steps; step++) {
          if (step == restartAt && params == null) {
            params = save(block::saveParameters);
            optimizerState = save(optimizer::save);
            break;
          }
          try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss.evaluate(xy[1], block.forward(store, xy[0], true));
            c.backward(value);
            losses[step] = value.getFloat();
          }
          optimizer.step();
        }
      }
    }
    return losses;
  }

  /** The same training with DJL's Trainer and DJL's own Adam. */
  private static float[] trainWithDjl(int steps) {
    float[] losses = new float[steps];
    Engine.getInstance().setRandomSeed(3);
    try (Model model = Model.newInstance("t");
        NDManager data = NDManager.newBaseManager()) {
      model.setBlock(classifier());
      try (Trainer trainer =
          model.newTrainer(
              new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                  .optOptimizer(
                      ai.djl.training.optimizer.Optimizer.adam()
                          .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.01f))
                          .build()))) {
        trainer.initialize(new Shape(1, 4));
        NDList[] xy = problem(data);
        for (int step = 0; step < steps; step++) {
          try (GradientCollector c = trainer.newGradientCollector()) {
            NDArray loss = trainer.getLoss().evaluate(xy[1], trainer.forward(xy[0]));
            c.backward(loss);
            losses[step] = loss.getFloat();
          }
          trainer.step();
        }
      }
    }
    return losses;
  }

  interface Saver {
    void save(DataOutputStream out) throws IOException;
  }

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
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
