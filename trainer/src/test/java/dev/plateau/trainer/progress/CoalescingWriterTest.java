package dev.plateau.trainer.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingWriterTest {

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aFailedWriteKeepsItsKeysButNewerValuesWin() throws InterruptedException {
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CountDownLatch failFirstWrite = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();
    List<Map<String, String>> written = new CopyOnWriteArrayList<>();
    CoalescingWriter writer =
        new CoalescingWriter(
            "test-writer",
            data -> {
              if (attempts.incrementAndGet() == 1) {
                firstWriteStarted.countDown();
                failFirstWrite.await(10, TimeUnit.SECONDS);
                throw new IllegalStateException("server said no");
              }
              written.add(Map.copyOf(data));
            },
            HOUR,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));

    writer.offer(Map.of("progress", () -> "epoch 9", "result", () -> "EarlyStopped"), true);
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    writer.offer(Map.of("progress", () -> "epoch 10"), false);
    failFirstWrite.countDown();

    assertThat(writer.close(Duration.ofSeconds(10))).isTrue();
    assertThat(written).containsExactly(Map.of("progress", "epoch 10", "result", "EarlyStopped"));
  }

  @Test
  void closeGivesUpWithinItsBoundWhenTheSinkNeverAnswers() {
    CountDownLatch never = new CountDownLatch(1);
    CoalescingWriter writer =
        new CoalescingWriter(
            "test-writer",
            data -> never.await(),
            HOUR,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    writer.offer(Map.of("progress", () -> "epoch 1"), true);

    assertThat(writer.close(Duration.ofMillis(100))).isFalse();
  }

  @Test
  void offersAfterCloseAreIgnored() {
    List<Map<String, String>> written = new CopyOnWriteArrayList<>();
    CoalescingWriter writer =
        new CoalescingWriter(
            "test-writer",
            written::add,
            HOUR,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));

    assertThat(writer.close(Duration.ofSeconds(10))).isTrue();
    writer.offer(Map.of("progress", () -> "late"), true);

    assertThat(written).isEmpty();
  }

  @Test
  void backoffGrowsWithJitterUpToItsCapAndResets() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    long ms = 1_000_000;

    assertThat(backoff.nextNanos()).isBetween(50 * ms, 100 * ms);
    assertThat(backoff.nextNanos()).isBetween(100 * ms, 200 * ms);
    assertThat(backoff.nextNanos()).isBetween(200 * ms, 400 * ms);
    for (int i = 0; i < 50; i++) {
      assertThat(backoff.nextNanos()).isBetween(200 * ms, 400 * ms);
    }
    backoff.reset();
    assertThat(backoff.nextNanos()).isBetween(50 * ms, 100 * ms);
  }
}
