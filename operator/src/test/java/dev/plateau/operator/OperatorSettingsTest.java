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
}
