package dev.plateau.trainer.sweep;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Round-robin turns among a sweep's trials: the trial at the head of the queue trains; at the end
 * of each epoch it goes to the back. Trials join in the order they are created, so the order in
 * which trials train (and so every pruning decision) does not depend on thread scheduling.
 */
final class Turns {

  private final Deque<Object> queue = new ArrayDeque<>();

  /** Puts a new trial at the back of the queue (by its creator, before the trial's thread runs). */
  synchronized void join(Object trial) {
    queue.addLast(trial);
    notifyAll();
  }

  /** Waits until it is {@code trial}'s turn. */
  synchronized void await(Object trial) throws InterruptedException {
    while (queue.peekFirst() != trial) {
      wait();
    }
  }

  /**
   * {@code trial}, whose turn it is, goes to the back of the queue; returns once it is its turn.
   */
  synchronized void pass(Object trial) throws InterruptedException {
    if (queue.peekFirst() == trial) {
      queue.pollFirst();
      queue.addLast(trial);
      notifyAll();
    }
    await(trial);
  }

  /** {@code trial} leaves the queue (it ended). */
  synchronized void leave(Object trial) {
    queue.remove(trial);
    notifyAll();
  }
}
