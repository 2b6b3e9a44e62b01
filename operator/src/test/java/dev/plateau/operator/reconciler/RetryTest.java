package dev.plateau.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed pass is retried for as long as the error lasts, at most 5 minutes apart. */
class RetryTest {

  @Test
  void retriesForeverDoublingUpToFiveMinutes() {
    RetryExecution retry = TrainingRunReconciler.RETRY.initExecution();
    List<Long> seconds = new ArrayList<>();
    for (int attempt = 0; attempt < 1000; attempt++) {
      seconds.add(retry.nextDelay().orElseThrow() / 1000);
    }

    assertThat(seconds.subList(0, 11))
        .containsExactly(1L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L);
    assertThat(seconds.get(999)).as("still retrying after 1000 failures").isEqualTo(300L);
  }
}
