package dev.plateau.trainer.config;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.plateau.trainer.InvalidInputException;

/**
 * Configures DJL before its engine starts: offline (no downloads, no usage tracking) and the number
 * of CPU threads libtorch may use. Left alone, libtorch takes every core of the node, and a
 * CPU-limited pod spends most of its time throttled.
 */
public final class EngineSettings {

  private EngineSettings() {}

  /** Call before anything touches DJL's engine. */
  public static void configure(int cpuThreads) {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "warn");
    // "Failed to detect GPU count" on every machine without a CUDA driver: noise, not news.
    setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda", "error");
    if (cpuThreads > 0) {
      setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(cpuThreads));
      setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /** The CUDA device when {@code gpus > 0}: without a visible GPU that is invalid input. */
  public static Device deviceForPod(int gpus) {
    if (gpus <= 0) {
      return Device.cpu();
    }
    if (Engine.getInstance().getGpuCount() == 0) {
      throw new InvalidInputException(
          "resources.gpus is "
              + gpus
              + " but no GPU is visible to the trainer: check that the"
              + " node runs the NVIDIA device plugin and that the run uses the CUDA trainer image"
              + " (the default for gpus: 1), or set resources.gpus: 0 to train on the CPU");
    }
    return Device.gpu(0);
  }

  /** A GPU when one is visible, else the CPU (local runs). */
  public static Device bestAvailable() {
    return Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
