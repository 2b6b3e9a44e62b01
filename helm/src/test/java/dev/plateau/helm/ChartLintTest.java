package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** helm lint --strict, and the Kubernetes versions the chart accepts. */
class ChartLintTest {

  @Test
  void lintsStrictlyWithoutWarnings() {
    LintResult lint = new Helm(Repo.CHART).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void refusesKubernetesOlderThanTheOperatorsMinimum() {
    assertThatThrownBy(
            () -> RenderedChart.template(null, Map.of()).withKubeVersion("1.27.16").call())
        .hasMessageContaining("kubeVersion");
  }
}
