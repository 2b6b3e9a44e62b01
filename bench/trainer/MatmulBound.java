import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The MLP's matmul bound (bench/trainer/run.sh): the sgemm rate DJL's libtorch reaches on the
 * MLP's own shapes, and the time per training step that the matmuls alone would take at that rate.
 * For batch B and layers (in, out): forward 2*B*in*out FLOPs per layer, weight gradients the same
 * again, input gradients the same again for every layer but the first.
 *
 * <p>Run with the trainer's classpath, as a single-file program:
 * java -cp "trainer/target/plateau-trainer.jar:trainer/target/lib/*" bench/trainer/MatmulBound.java
 * [BATCH] [THREADS]; prints one JSON line.
 */
public class MatmulBound {

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int[][] layers = {{784, 256}, {256, 128}, {128, 10}};
    double flops = 0;
    double seconds = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int l = 0; l < layers.length; l++) {
        int in = layers[l][0];
        int out = layers[l][1];
        NDArray x = manager.randomNormal(new Shape(batch, in));
        NDArray w = manager.randomNormal(new Shape(in, out));
        NDArray dy = manager.randomNormal(new Shape(batch, out));
        NDArray wt = w.transpose();
        NDArray xt = x.transpose();
        // forward x.w, weight gradient x^T.dy, input gradient dy.w^T (not for the first layer)
        seconds += time(() -> x.matMul(w));
        seconds += time(() -> xt.matMul(dy));
        flops += 4.0 * batch * in * out;
        if (l > 0) {
          seconds += time(() -> dy.matMul(wt));
          flops += 2.0 * batch * in * out;
        }
      }
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "{\"batch\": %d, \"threads\": %d, \"mflopPerStep\": %.1f, \"gflops\": %.1f,"
            + " \"boundMsPerStep\": %.4f}%n",
        batch,
        threads,
        flops / 1e6,
        flops / seconds / 1e9,
        seconds * 1e3);
  }

  /** Median seconds of one call, after a warm-up. */
  private static double time(java.util.function.Supplier<NDArray> op) {
    for (int i = 0; i < 200; i++) {
      op.get().close();
    }
    double[] t = new double[2000];
    for (int i = 0; i < t.length; i++) {
      long start = System.nanoTime();
      op.get().close();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(t);
    return t[t.length / 2];
  }
}
