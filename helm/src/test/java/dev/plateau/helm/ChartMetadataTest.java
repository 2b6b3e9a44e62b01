package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.contract.KubernetesVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Chart.yaml matches the build, and the chart's CRDs are the generated ones. */
class ChartMetadataTest {

  private static final List<String> CRDS =
      List.of("trainingruns.plateau.dev-v1.yml", "trainingsweeps.plateau.dev-v1.yml");

  @Test
  void versionAndAppVersionAreTheProjectVersion() throws IOException {
    JsonNode chart = RenderedChart.YAML.readTree(Repo.CHART.resolve("Chart.yaml").toFile());
    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("name").asText()).isEqualTo("plateau");
    assertThat(chart.path("version").asText())
        .as("Chart.yaml version must equal the Maven project version")
        .isEqualTo(Repo.projectVersion());
    assertThat(chart.path("appVersion").asText())
        .as("Chart.yaml appVersion must equal the Maven project version")
        .isEqualTo(Repo.projectVersion());
    assertThat(chart.path("kubeVersion").asText())
        .as("the operator refuses servers older than KubernetesVersion.MINIMUM; the chart too")
        .isEqualTo(">=" + KubernetesVersion.MINIMUM + ".0-0");
  }

  @Test
  void theChartsCrdsAreTheCommittedGeneratedCrds() throws IOException {
    for (String crd : CRDS) {
      Path generated = Repo.path("crds/" + crd);
      Path copy = Repo.CHART.resolve("crds/" + crd);
      assertThat(copy).exists();
      assertThat(Files.mismatch(generated, copy))
          .as(
              "helm/plateau/crds/%s differs from crds/%s; from the repository root run:"
                  + " cp crds/%s helm/plateau/crds/%s",
              crd, crd, crd, crd)
          .isEqualTo(-1L);
    }
  }

  @Test
  void theChartInstallsNoOtherCrd() throws IOException {
    try (Stream<Path> files = Files.list(Repo.CHART.resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(CRDS);
    }
  }
}
