package dev.plateau.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An optimizer whose state (moments, momentum buffers, step count) can be saved with a checkpoint
 * and loaded into a fresh model, so a resumed run continues exactly where it left off. DJL's own
 * optimizers keep that state private. The learning rate is a plain field that ReduceLROnPlateau
 * lowers.
 *
 * <p>State is keyed by parameter name (e.g. {@code 01Linear_weight}): DJL parameter ids are random
 * per model instance, names are stable.
 */
public abstract class StatefulOptimizer extends Optimizer {

  private final float weightDecay;
  private volatile float learningRate;
  private final Map<String, String> nameById = new HashMap<>();

  /** Per parameter name, the state arrays of that parameter (in a fixed order). */
  protected final Map<String, NDArray[]> state = new TreeMap<>();

  protected StatefulOptimizer(float learningRate, float weightDecay) {
    super(new NoOpBuilder());
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /** Learns the names of the block's parameters; call once the block is initialised. */
  public void bind(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      nameById.put(p.getValue().getId(), p.getKey());
    }
  }

  public float learningRate() {
    return learningRate;
  }

  public void setLearningRate(float learningRate) {
    this.learningRate = learningRate;
  }

  protected float weightDecayValue() {
    return weightDecay;
  }

  /** Number of state arrays per parameter (Adam: 2, SGD with momentum: 1). */
  protected abstract int stateArrays();

  /** Name of the format, checked on load so Adam state is never read as SGD state. */
  protected abstract String kind();

  /** Scalars besides the arrays (e.g. Adam's step count). */
  protected abstract long[] scalars();

  protected abstract void restoreScalars(long[] values);

  @Override
  public final void update(String parameterId, NDArray weight, NDArray grad) {
    String name = nameById.getOrDefault(parameterId, parameterId);
    NDArray[] arrays =
        state.computeIfAbsent(
            name,
            n -> {
              NDArray[] a = new NDArray[stateArrays()];
              for (int i = 0; i < a.length; i++) {
                a[i] = weight.zerosLike();
              }
              return a;
            });
    apply(weight, grad, arrays);
    // libtorch accumulates gradients across backward passes and DJL hands the optimizer a copy
    // of the gradient; DJL's built-in updates clear the weight's gradient natively, so ours
    // must clear it too, in place, as DJL's zeroGradients does.
    try (NDArray accumulated = weight.getGradient()) {
      accumulated.subi(accumulated);
    }
  }

  /** Updates {@code weight} in place from {@code grad}, updating {@code state} in place. */
  protected abstract void apply(NDArray weight, NDArray grad, NDArray[] state);

  /** Writes the state: kind, scalars, then each parameter's name and arrays. */
  public void save(DataOutputStream out) throws IOException {
    out.writeUTF(kind());
    long[] scalars = scalars();
    out.writeInt(scalars.length);
    for (long s : scalars) {
      out.writeLong(s);
    }
    out.writeInt(state.size());
    for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
      out.writeUTF(e.getKey());
      for (NDArray a : e.getValue()) {
        byte[] bytes = a.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
  }

  /** Reads what {@link #save} wrote; arrays are created by {@code manager} (the device's). */
  public void load(DataInputStream in, NDManager manager) throws IOException {
    String kind = in.readUTF();
    if (!kind.equals(kind())) {
      throw new IOException("optimizer state is for " + kind + ", not " + kind());
    }
    long[] scalars = new long[in.readInt()];
    for (int i = 0; i < scalars.length; i++) {
      scalars[i] = in.readLong();
    }
    int count = in.readInt();
    Map<String, NDArray[]> loaded = new LinkedHashMap<>();
    for (int p = 0; p < count; p++) {
      String name = in.readUTF();
      NDArray[] arrays = new NDArray[stateArrays()];
      for (int i = 0; i < arrays.length; i++) {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        arrays[i] = NDArray.decode(manager, bytes);
      }
      loaded.put(name, arrays);
    }
    state.values().forEach(a -> java.util.Arrays.stream(a).forEach(NDArray::close));
    state.clear();
    state.putAll(loaded);
    restoreScalars(scalars);
  }

  /** The base class insists on a builder; ours carries no settings. */
  private static final class NoOpBuilder extends OptimizerBuilder<NoOpBuilder> {
    @Override
    protected NoOpBuilder self() {
      return this;
    }
  }
}
