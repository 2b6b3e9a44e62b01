package dev.plateau.operator.dependent;

import static dev.plateau.operator.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerResourcesTest {

  @ParameterizedTest(name = "limits {0}/{1} -> {2}, {3} threads")
  @CsvSource({
    "2, 4Gi, -Xmx1228m, 2",
    "500m, 1Gi, -Xmx307m, 1",
    "3.5, 16Gi, -Xmx4915m, 4",
    "8, 512Mi, -Xmx153m, 8",
  })
  void heapAndThreadsFollowTheLimits(String cpu, String memory, String heap, int threads) {
    var run =
        run(
            r -> {
              r.getSpec().getResources().getLimits().setCpu(new Quantity(cpu));
              r.getSpec().getResources().getLimits().setMemory(new Quantity(memory));
            });
    assertThat(TrainerResources.heapOption(run)).isEqualTo(heap);
    assertThat(TrainerResources.cpuThreads(run)).isEqualTo(threads);
  }
}
