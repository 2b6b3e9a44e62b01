package dev.plateau.trainer.progress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes key/value data through a slow, failing sink from one background thread. Callers never
 * wait: {@link #offer} merges into one pending write, so the newest value of each key wins and a
 * slow sink never builds a queue. Non-urgent writes go out at most once per interval; urgent ones
 * at once. Failures are retried with {@link Backoff}, keeping what was not written. Values are
 * produced on the writer's thread, and only for what is actually written: callers offer many more
 * values than go out, and producing them (serialising a snapshot) must not cost the caller.
 */
final class CoalescingWriter {

  /** Where the data goes; throws when it did not get there. */
  interface Sink {
    void write(Map<String, String> data) throws Exception;
  }

  private final Sink sink;
  private final long intervalNanos;
  private final Backoff backoff;
  private final Thread thread;

  // Guarded by this.
  private Map<String, Supplier<String>> pending = new LinkedHashMap<>();
  private boolean urgent;
  private boolean closing;
  private boolean stopped;
  private long nextBatchAt;
  private long retryAt;

  CoalescingWriter(String threadName, Sink sink, Duration interval, Backoff backoff) {
    this.sink = sink;
    this.intervalNanos = interval.toNanos();
    this.backoff = backoff;
    long now = System.nanoTime();
    this.nextBatchAt = now;
    this.retryAt = now;
    this.thread = new Thread(this::run, threadName);
    // Reporting must never keep a finished or killed trainer alive.
    thread.setDaemon(true);
    thread.start();
  }

  /** Merges data into the pending write; returns at once. Ignored once closing. */
  synchronized void offer(Map<String, Supplier<String>> data, boolean urgent) {
    if (closing) {
      return;
    }
    pending.putAll(data);
    this.urgent |= urgent;
    notifyAll();
  }

  /**
   * Writes what is pending, retrying within the bound, then stops the thread.
   *
   * @return true if everything offered was written
   */
  boolean close(Duration bound) {
    synchronized (this) {
      if (closing) {
        return !thread.isAlive();
      }
      closing = true;
      // One prompt attempt even in the middle of a backoff.
      retryAt = System.nanoTime();
      notifyAll();
    }
    try {
      thread.join(Math.max(1, bound.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      return true;
    }
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    // Unblocks a write stuck on the network; the thread is a daemon in any case.
    thread.interrupt();
    return false;
  }

  private void run() {
    try {
      Map<String, Supplier<String>> batch;
      while ((batch = awaitBatch()) != null) {
        try {
          Map<String, String> values = new LinkedHashMap<>();
          batch.forEach((key, value) -> values.put(key, value.get()));
          sink.write(values);
          succeeded();
        } catch (Exception e) {
          failed(batch);
        }
      }
    } catch (InterruptedException e) {
      // close() gave up waiting: stop.
    }
  }

  /** Waits until a write is due and takes it; null when there is nothing more to do. */
  private synchronized Map<String, Supplier<String>> awaitBatch() throws InterruptedException {
    while (true) {
      if (stopped || (closing && pending.isEmpty())) {
        return null;
      }
      if (pending.isEmpty()) {
        wait();
        continue;
      }
      long now = System.nanoTime();
      long waitNanos = retryAt - now;
      if (!urgent && !closing) {
        waitNanos = Math.max(waitNanos, nextBatchAt - now);
      }
      if (waitNanos <= 0) {
        Map<String, Supplier<String>> batch = pending;
        pending = new LinkedHashMap<>();
        urgent = false;
        nextBatchAt = now + intervalNanos;
        return batch;
      }
      TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
    }
  }

  private synchronized void succeeded() {
    backoff.reset();
  }

  private synchronized void failed(Map<String, Supplier<String>> batch) {
    // What arrived meanwhile is newer and wins; keys only the failed batch had are kept.
    batch.putAll(pending);
    pending = batch;
    urgent = true;
    retryAt = System.nanoTime() + backoff.nextNanos();
  }
}
