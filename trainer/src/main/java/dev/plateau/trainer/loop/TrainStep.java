package dev.plateau.trainer.loop;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.plateau.trainer.data.Batch;
import dev.plateau.trainer.model.CrossEntropyLoss;
import dev.plateau.trainer.model.SeededDropout;
import dev.plateau.trainer.model.TorchScriptModule;
import dev.plateau.trainer.optimizer.StatefulOptimizer;
import java.util.List;

/**
 * One training step on a batch, as PyTorch's eager loop does it: forward in training mode,
 * cross-entropy, backward, one fused optimizer step. No DJL {@code Trainer}: its parameter server
 * copies every gradient on every step. The batch losses are summed on the engine and read once an
 * epoch (or when a stopped trainer saves its position), so no step waits to hand a number to Java.
 */
final class TrainStep implements AutoCloseable {

  private final Block block;
  private final NDManager manager;
  private final ParameterStore parameters;
  private final Loss loss = new CrossEntropyLoss();
  private final StatefulOptimizer optimizer;
  private final StepProfile profile;
  private final List<SeededDropout> dropouts;
  private NDArray lossSum;

  /**
   * @param block an initialised block whose trained parameters track gradients
   * @param manager the model's manager (on the training device)
   * @param optimizer bound to the block
   * @param profile where the phases' time goes
   */
  TrainStep(Block block, NDManager manager, StatefulOptimizer optimizer, StepProfile profile) {
    this.block = block;
    this.manager = manager;
    this.parameters = new ParameterStore(manager, false);
    this.optimizer = optimizer;
    this.profile = profile;
    this.dropouts = SeededDropout.in(block);
    startEpoch(0);
  }

  /** Starts summing losses from {@code lossSum} (a resumed epoch's sum so far). */
  void startEpoch(double lossSum) {
    if (this.lossSum != null) {
      this.lossSum.close();
    }
    this.lossSum = manager.create(lossSum);
  }

  /**
   * Trains on one batch; the loss joins the epoch's sum.
   *
   * @param seed the step's seed: dropout masks depend on it alone
   */
  void run(Batch batch, long seed) {
    long start = System.nanoTime();
    // libtorch's generator (dropout on a GPU) and each dropout layer's own, from the step's seed.
    Engine.getInstance().setRandomSeed((int) seed);
    for (int i = 0; i < dropouts.size(); i++) {
      dropouts.get(i).reseed(mix(seed ^ mix(i + 1)));
    }
    long seeded = System.nanoTime();
    NDArray value;
    long forwardDone;
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      NDList predictions = block.forward(parameters, batch.data(), true);
      value = loss.evaluate(batch.label(), predictions);
      forwardDone = System.nanoTime();
      collector.backward(value);
    } catch (EngineException e) {
      if (block instanceof PtSymbolBlock) {
        // The user's module: a data-dependent failure the dry run could not see. Exit 2.
        throw TorchScriptModule.failedOnBatch(batch.features().getShape(), e);
      }
      throw e;
    }
    long backwardDone = System.nanoTime();
    // Outside the collector: the update must not be recorded by autograd.
    optimizer.step();
    long optimizerDone = System.nanoTime();
    lossSum.addi(value.mul(batch.size()));
    profile.add(StepProfile.Phase.FORWARD, forwardDone - seeded);
    profile.add(StepProfile.Phase.BACKWARD, backwardDone - forwardDone);
    profile.add(StepProfile.Phase.OPTIMIZER, optimizerDone - backwardDone);
    profile.add(
        StepProfile.Phase.BOOKKEEPING, System.nanoTime() - optimizerDone + (seeded - start));
  }

  /** SplitMix64's finaliser (Steele et al., OOPSLA 2014): decorrelates nearby seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The summed batch losses (times batch size) of the epoch so far; waits for the engine. */
  double lossSum() {
    return lossSum.getDouble();
  }

  @Override
  public void close() {
    lossSum.close();
  }
}
