package dev.plateau.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void noEnvironmentMeansAllNamespacesNoLeaderElectionDefaultImages() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());
    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.trainerImage()).isEqualTo("plateau-trainer:" + OperatorVersion.get());
    assertThat(settings.trainerGpuImage()).isEqualTo(settings.trainerImage() + "-cuda");
    assertThat(settings.imagePullSecrets()).isEmpty();
    assertThat(settings.metricsPort()).isEqualTo(8080);
    assertThat(settings.healthPort()).isEqualTo(8081);
    assertThat(settings.serverSideApply()).isTrue();
    assertThat(settings.leaseName()).isEqualTo("plateau-operator-leader");
  }

  @Test
  void everyVariableIsRead() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "PLATEAU_WATCH_NAMESPACES", " ml, research ,",
                "PLATEAU_TRAINER_IMAGE", "r/t:1",
                "PLATEAU_TRAINER_GPU_IMAGE", "r/t:1-cuda",
                "PLATEAU_TRAINER_IMAGE_PULL_SECRETS", "a,b",
                "PLATEAU_LEADER_ELECTION", "TRUE",
                "PLATEAU_LEADER_ELECTION_NAMESPACE", "plateau-system",
                "PLATEAU_LEADER_ELECTION_LEASE_NAME", "lease",
                "PLATEAU_METRICS_PORT", "9090",
                "PLATEAU_HEALTH_PORT", "9091",
                "PLATEAU_SERVER_SIDE_APPLY", "false"));
    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("ml", "research");
    assertThat(settings.trainerImage()).isEqualTo("r/t:1");
    assertThat(settings.trainerGpuImage()).isEqualTo("r/t:1-cuda");
    assertThat(settings.imagePullSecrets()).containsExactly("a", "b");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaderElectionNamespace()).isEqualTo("plateau-system");
    assertThat(settings.leaseName()).isEqualTo("lease");
    assertThat(settings.metricsPort()).isEqualTo(9090);
    assertThat(settings.healthPort()).isEqualTo(9091);
    assertThat(settings.serverSideApply()).isFalse();
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("PLATEAU_LEADER_ELECTION", "yes")))
        .hasMessageContaining("PLATEAU_LEADER_ELECTION");
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("PLATEAU_METRICS_PORT", "http")))
        .hasMessageContaining("PLATEAU_METRICS_PORT");
  }

  @Test
  void throughputIsSizedForAThousandRunsUnlessTold() {
    assertThat(OperatorSettings.defaults().throughput()).isEqualTo(Throughput.DEFAULT);
    assertThat(Throughput.DEFAULT.maxConcurrentRequestsPerHost())
        .as("above fabric8's 5, which caps an operator at 100 writes a second at 50 ms")
        .isGreaterThan(5);

    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            java.util.Map.of(
                "PLATEAU_API_MAX_CONCURRENT_REQUESTS", "128",
                "PLATEAU_API_MAX_CONCURRENT_REQUESTS_PER_HOST", "64",
                "PLATEAU_RECONCILE_THREADS", "20",
                "PLATEAU_WORKFLOW_THREADS", "10",
                "PLATEAU_RECONCILES_PER_RUN_PER_SECOND", "2"));

    assertThat(settings.throughput()).isEqualTo(new Throughput(128, 64, 20, 10, 2));
    assertThatThrownBy(
            () ->
                OperatorSettings.fromEnvironment(
                    java.util.Map.of("PLATEAU_RECONCILE_THREADS", "0")))
        .hasMessage("PLATEAU_RECONCILE_THREADS must be a whole number above 0, got 0");
  }
}
