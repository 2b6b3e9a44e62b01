package dev.plateau.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesVersionTest {

  @ParameterizedTest(name = "major={0} minor={1} gitVersion={2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "1, 27, v1.27.3, 1.27",
        "1, 27+, v1.27.16-eks-a18cd3a, 1.27", // EKS and GKE add a plus
        "1, 30, v1.30.2-gke.1587003, 1.30",
        "'', '', v1.29.2-gke.100, 1.29", // some distributions leave major and minor empty
        "null, null, 1.25.0, 1.25",
        "1, 9, v1.9.11, 1.9",
      })
  void readsWhatApiServersReport(String major, String minor, String git, String expected) {
    assertThat(KubernetesVersion.parse(major, minor, git)).hasToString(expected);
  }

  @Test
  void noVersionAnywhereIsAnError() {
    assertThatThrownBy(() -> KubernetesVersion.parse("", "x", "unknown"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "reports no Kubernetes version in /version (major=, minor=x, gitVersion=unknown)");
  }

  @Test
  void comparesMinorVersionsAsNumbers() {
    assertThat(new KubernetesVersion(1, 9).isBefore(new KubernetesVersion(1, 27))).isTrue();
    assertThat(new KubernetesVersion(1, 28).isBefore(KubernetesVersion.MINIMUM)).isFalse();
    assertThat(new KubernetesVersion(1, 27).isBefore(KubernetesVersion.MINIMUM)).isTrue();
    assertThat(new KubernetesVersion(2, 0).isBefore(KubernetesVersion.MINIMUM)).isFalse();
  }
}
