package dev.plateau.trainer.loop;

import dev.plateau.api.contract.StopRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop training at the next batch (SIGTERM on eviction, preemption or suspension). The
 * trainer then saves {@code last/} and ends; the shutdown hook waits for that, up to a bound
 * shorter than the pod's grace period.
 */
public final class Interruption {

  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean training = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile String signal = "SIGTERM";
  private volatile StopRequest stopRequest;

  public boolean requested() {
    return requested.get();
  }

  public void request() {
    requested.set(true);
  }

  /** Asks training to stop at the next batch, naming the signal that asked (SIGINT, SIGTERM). */
  public void request(String signal) {
    this.signal = signal;
    requested.set(true);
  }

  /**
   * Asks training to stop at the next batch and end as {@code Pruned} (not as an interruption): the
   * first request counts.
   */
  public void requestStop(StopRequest request) {
    if (stopRequest == null) {
      stopRequest = request;
    }
    requested.set(true);
  }

  /** The stop request that asked to stop, or null (a signal did, or nothing). */
  public StopRequest stopRequest() {
    return stopRequest;
  }

  /** The signal that asked to stop: SIGTERM (a pod's end) or SIGINT (Ctrl-C). */
  public String signal() {
    return signal;
  }

  /** The epoch loop says whether it runs (a stop request is then honoured at the next batch). */
  public void training(boolean running) {
    training.set(running);
  }

  /** The training thread says it has saved and cleaned up. */
  public void finished() {
    finished.countDown();
  }

  /**
   * Stops a local run on Ctrl-C (SIGINT) at the next batch, after saving {@code last/}; before
   * training starts (reading data) there is nothing to save and the process ends at once. A second
   * Ctrl-C ends it at once too. Exit code 130 either way.
   */
  @SuppressWarnings("removal")
  public Interruption onCtrlC() {
    sun.misc.Signal.handle(
        new sun.misc.Signal("INT"),
        sig -> {
          signal = "SIGINT";
          if (!training.get() || requested.getAndSet(true)) {
            Runtime.getRuntime().halt(dev.plateau.api.contract.ExitCodes.INTERRUPTED_BY_USER);
          }
        });
    return this;
  }

  /** Stops training on SIGTERM (and Ctrl-C), waiting up to {@code grace} for it to save. */
  public Interruption onShutdown(Duration grace) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  request();
                  try {
                    finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "plateau-sigterm"));
    return this;
  }
}
