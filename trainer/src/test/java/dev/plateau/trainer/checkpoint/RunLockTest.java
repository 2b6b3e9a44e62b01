package dev.plateau.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

  @TempDir Path root;

  @Test
  void aHeldFolderIsWaitedForABoundedTimeThenNamesItsHolder() throws Exception {
    RunLock.Taken first = RunLock.acquire(root, "r", Duration.ZERO);
    assertThat(first.lock()).isPresent();

    long started = System.nanoTime();
    RunLock.Taken second = RunLock.acquire(root, "r", Duration.ofMillis(600));

    assertThat(second.lock()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(500));
    assertThat(second.holder()).matches("process \\d+ on .+, since \\d{4}-.+");
    first.lock().get().close();

    RunLock.Taken third = RunLock.acquire(root, "r", Duration.ofSeconds(5));
    assertThat(third.lock()).as("released: the next holder gets it").isPresent();
    third.lock().get().close();
  }
}
