package dev.plateau.trainer.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PyTorch's optimizers for a DJL block, with state (moments, momentum buffers, step count) that is
 * saved with a checkpoint and loaded into a fresh model, so a resumed run continues exactly where
 * it left off.
 *
 * <p>Each step is one native call into PyTorch's own fused kernels ({@code torch._fused_adam_},
 * {@code torch._fused_sgd_}, what {@code torch.optim.Adam(fused=True)} runs), through a small
 * TorchScript module ({@code fused_optimizers.pt}, made by {@code
 * trainer/src/main/torchscript/fused_optimizers.py}). It reads each parameter's gradient where
 * autograd left it, updates the weights and the state in place and zeroes the gradients for the
 * next backward pass. Nothing is copied: DJL's {@code Trainer.step()} would first copy every
 * gradient through its parameter server, and DJL's own Adam and SGD follow MXNet's formulas.
 *
 * <p>State is keyed by parameter name (e.g. {@code 01Linear_weight}): DJL parameter ids are random
 * per model instance, names are stable. The file format is the one Plateau 0.1.0 wrote.
 */
public abstract class StatefulOptimizer implements AutoCloseable {

  private static final String KERNELS = "fused_optimizers.pt";

  private final float weightDecay;
  private volatile float learningRate;

  /** Names and weights of the trained parameters, in the block's order. */
  private final List<String> names = new ArrayList<>();

  private final List<PtNDArray> weights = new ArrayList<>();

  /** Per parameter name, the state arrays of that parameter (in a fixed order). */
  private final Map<String, NDArray[]> state = new TreeMap<>();

  private PtNDManager manager;
  private PtSymbolBlock kernels;

  /** The kernel's tensor lists, built at the first step (gradients exist after a backward). */
  private IValue[] lists;

  /** {@code lists} without the weights and gradients: per state array, its list. */
  private IValue[] stateLists;

  private final List<NDArray> gradients = new ArrayList<>();

  protected StatefulOptimizer(float learningRate, float weightDecay) {
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /**
   * Takes the block's trainable parameters (those that require a gradient) and gives each a zero
   * state; call once the block is initialised and its parameter arrays track gradients.
   *
   * @param manager creates the state on the parameters' device and owns the kernels
   */
  public void bind(Block block, NDManager manager) {
    List<Pair<String, NDArray>> trained = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().requiresGradient()) {
        trained.add(new Pair<>(p.getKey(), p.getValue().getArray()));
      }
    }
    bind(trained, manager);
  }

  /** Takes the named weight arrays, which track gradients, and gives each a zero state. */
  void bind(List<Pair<String, NDArray>> trained, NDManager manager) {
    this.manager = (PtNDManager) manager;
    for (Pair<String, NDArray> p : trained) {
      PtNDArray weight = (PtNDArray) p.getValue();
      names.add(p.getKey());
      weights.add(weight);
      NDArray[] arrays = new NDArray[stateArrays()];
      for (int i = 0; i < arrays.length; i++) {
        arrays[i] = weight.zerosLike();
      }
      state.put(p.getKey(), arrays);
    }
    try (InputStream in = StatefulOptimizer.class.getResourceAsStream(KERNELS)) {
      if (in == null) {
        throw new IllegalStateException(KERNELS + " is missing from the trainer jar");
      }
      kernels = JniUtils.loadModule(this.manager, in, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + KERNELS + ": " + e.getMessage(), e);
    }
  }

  public float learningRate() {
    return learningRate;
  }

  public void setLearningRate(float learningRate) {
    this.learningRate = learningRate;
  }

  protected double weightDecay() {
    return decimal(weightDecay);
  }

  /** The learning rate as the kernel takes it: a double, read from the float's decimal form. */
  protected double stepLearningRate() {
    return decimal(learningRate);
  }

  /**
   * A float as the double a user wrote: 0.001f widened directly is 0.0010000000474974513, which
   * would make each update differ from PyTorch's with {@code lr=0.001}.
   */
  protected static double decimal(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /** Number of state arrays per parameter (Adam: 2, SGD with momentum: 1). */
  protected abstract int stateArrays();

  /** Name of the format, checked on load so Adam state is never read as SGD state. */
  protected abstract String kind();

  /** Scalars besides the arrays (e.g. Adam's step count). */
  protected abstract long[] scalars();

  protected abstract void restoreScalars(long[] values);

  /**
   * Runs the kernel for one step.
   *
   * @param kernels the TorchScript module with the {@code adam} and {@code sgd} methods
   * @param weights the weights (list IValue), {@code gradients} their gradients
   * @param state per state array index, the list of that array over all parameters
   */
  protected abstract void step(
      PtSymbolBlock kernels, IValue weights, IValue gradients, IValue[] state);

  /**
   * Applies one update to every trained parameter from the gradient of the last backward pass and
   * zeroes the gradients. Call outside a gradient collector.
   */
  public final void step() {
    if (lists == null) {
      lists = new IValue[2 + stateArrays()];
      lists[0] = IValue.listFrom(weights.toArray(PtNDArray[]::new));
      PtNDArray[] grads = new PtNDArray[weights.size()];
      for (int i = 0; i < grads.length; i++) {
        grads[i] = (PtNDArray) weights.get(i).getGradient();
        gradients.add(grads[i]);
      }
      lists[1] = IValue.listFrom(grads);
      for (int s = 0; s < stateArrays(); s++) {
        PtNDArray[] arrays = new PtNDArray[names.size()];
        for (int i = 0; i < arrays.length; i++) {
          arrays[i] = (PtNDArray) state.get(names.get(i))[s];
        }
        lists[2 + s] = IValue.listFrom(arrays);
      }
      stateLists = Arrays.copyOfRange(lists, 2, lists.length);
    }
    step(kernels, lists[0], lists[1], stateLists);
  }

  /** Calls a kernel method; closes the arguments it was given besides the cached lists. */
  protected static void call(PtSymbolBlock kernels, String method, IValue[] lists, double... args) {
    IValue[] all = Arrays.copyOf(lists, lists.length + args.length);
    for (int i = 0; i < args.length; i++) {
      all[lists.length + i] = IValue.from(args[i]);
    }
    try {
      IValueUtils.runMethod(kernels, method, all).close();
    } finally {
      for (int i = lists.length; i < all.length; i++) {
        all[i].close();
      }
    }
  }

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

  /**
   * Reads what {@link #save} wrote into the state of the bound parameters, in place.
   *
   * @throws IOException when the file is for another optimizer or another model (names, shapes)
   */
  public void load(DataInputStream in) throws IOException {
    String kind = in.readUTF();
    if (!kind.equals(kind())) {
      throw new IOException("optimizer state is for " + kind + ", not " + kind());
    }
    long[] scalars = new long[in.readInt()];
    for (int i = 0; i < scalars.length; i++) {
      scalars[i] = in.readLong();
    }
    int count = in.readInt();
    if (count != state.size()) {
      throw new IOException(
          "optimizer state holds " + count + " parameters, the model has " + state.size());
    }
    Map<String, NDArray[]> loaded = new LinkedHashMap<>();
    try (NDManager scratch = manager.newSubManager()) {
      for (int p = 0; p < count; p++) {
        String name = in.readUTF();
        NDArray[] target = state.get(name);
        if (target == null) {
          throw new IOException("optimizer state names parameter " + name + ", not in the model");
        }
        NDArray[] arrays = new NDArray[stateArrays()];
        for (int i = 0; i < arrays.length; i++) {
          byte[] bytes = new byte[in.readInt()];
          in.readFully(bytes);
          arrays[i] = NDArray.decode(scratch, bytes);
          if (!arrays[i].getShape().equals(target[i].getShape())) {
            throw new IOException(
                "optimizer state of "
                    + name
                    + " has shape "
                    + arrays[i].getShape()
                    + ", the model's "
                    + target[i].getShape());
          }
        }
        loaded.put(name, arrays);
      }
      // Copied in place: the kernel's lists hold these very arrays.
      loaded.forEach(
          (name, arrays) -> {
            NDArray[] target = state.get(name);
            for (int i = 0; i < arrays.length; i++) {
              arrays[i].toDevice(target[i].getDevice(), false).copyTo(target[i]);
            }
          });
    }
    restoreScalars(scalars);
  }

  /** The trained parameters' weights, in the block's order. */
  protected List<PtNDArray> weights() {
    return weights;
  }

  /** The state arrays of a parameter, by name (for tests). */
  NDArray[] state(String name) {
    return state.get(name);
  }

  @Override
  public void close() {
    if (lists != null) {
      Arrays.stream(lists).forEach(IValue::close);
      lists = null;
      stateLists = null;
    }
    gradients.forEach(NDArray::close);
    gradients.clear();
    if (kernels != null) {
      kernels.close();
      kernels = null;
    }
  }
}
