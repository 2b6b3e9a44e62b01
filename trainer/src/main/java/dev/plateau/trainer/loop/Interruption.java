package dev.plateau.trainer.loop;

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
  private final CountDownLatch finished = new CountDownLatch(1);

  public boolean requested() {
    return requested.get();
  }

  public void request() {
    requested.set(true);
  }

  /** The training thread says it has saved and cleaned up. */
  public void finished() {
    finished.countDown();
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
