package dev.plateau.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Inverted dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting", JMLR 2014): in training each element is zeroed with probability {@code rate} and
 * the others are scaled by {@code 1 / (1 - rate)}; in inference the input passes unchanged.
 *
 * <p>On the CPU the mask is drawn in Java (SplitMix64, Steele et al., OOPSLA 2014: one 32-bit draw
 * per element against {@code rate * 2^32}) into a reused buffer and applied with one
 * multiplication, which autograd also uses for the backward pass. libtorch's own dropout draws the
 * mask with a serial generator and takes about 10x as long at the sizes of Plateau's models
 * (bench/RESULTS.md). On a GPU it is libtorch's dropout. Either way the mask depends only on the
 * seed of the step ({@link #reseed}), so a resumed run draws the same masks.
 *
 * <p>A checkpoint of a block with this layer is byte for byte that of the same block with DJL's
 * {@link Dropout} (same version, no parameters), so plain DJL loads it.
 */
public final class SeededDropout extends AbstractBlock {

  /** DJL's {@link Dropout} writes version 2; so do we, for identical checkpoints. */
  private static final byte VERSION = 2;

  private final float rate;
  private final long threshold;
  private final float scale;
  private long state;
  private float[] values;
  private ByteBuffer mask;

  /**
   * @param rate the probability of zeroing an element, in [0, 1)
   */
  public SeededDropout(float rate) {
    super(VERSION);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), not " + rate);
    }
    this.rate = rate;
    this.threshold = Math.round(rate * 65536.0);
    this.scale = 1 / (1 - rate);
  }

  public float rate() {
    return rate;
  }

  /** Seeds the masks of the next forward pass. */
  public void reseed(long seed) {
    state = seed;
  }

  /** Every dropout layer of {@code block}, in forward order. */
  public static List<SeededDropout> in(Block block) {
    List<SeededDropout> found = new ArrayList<>();
    collect(block, found);
    return found;
  }

  private static void collect(Block block, List<SeededDropout> found) {
    if (block instanceof SeededDropout d) {
      found.add(d);
    }
    block.getChildren().values().forEach(child -> collect(child, found));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (!training || rate == 0) {
      return inputs;
    }
    if (!Device.cpu().equals(x.getDevice())) {
      return Dropout.dropout(x, rate, true);
    }
    int size = Math.toIntExact(x.size());
    if (values == null || values.length < size) {
      values = new float[size];
      mask = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder());
    }
    float[] v = values;
    float keep = scale;
    long t = threshold;
    long s = state;
    // Branch-free: (t - 1 - u) >>> 63 is 1 exactly when the 16-bit draw u is at least t (kept).
    for (int i = 0; i < size; i += 4) {
      long z = (s += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      if (i + 4 <= size) {
        v[i] = keep * (int) ((t - 1 - (z & 0xFFFF)) >>> 63);
        v[i + 1] = keep * (int) ((t - 1 - ((z >>> 16) & 0xFFFF)) >>> 63);
        v[i + 2] = keep * (int) ((t - 1 - ((z >>> 32) & 0xFFFF)) >>> 63);
        v[i + 3] = keep * (int) ((t - 1 - (z >>> 48)) >>> 63);
      } else {
        for (int k = 0; i + k < size; k++) {
          v[i + k] = keep * (int) ((t - 1 - ((z >>> (16 * k)) & 0xFFFF)) >>> 63);
        }
      }
    }
    state = s;
    mask.clear();
    mask.asFloatBuffer().put(v, 0, size);
    ByteBuffer bytes =
        mask.duplicate()
            .position(0)
            .limit(size * Float.BYTES)
            .slice()
            .order(ByteOrder.nativeOrder());
    NDArray m = x.getManager().create(bytes, x.getShape(), DataType.FLOAT32);
    return new NDList(x.mul(m));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
