package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NOTES.txt, rendered as helm install shows it (a client-only dry run: helm template leaves the
 * notes out).
 */
class ChartNotesTest {

  static String notes(String variant, Map<String, Object> sets) {
    InstallCommand install =
        new Helm(Repo.CHART)
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .withKubeVersion(RenderedChart.KUBE_VERSION)
            .clientOnly()
            .dryRun();
    if (variant != null) {
      install = install.withValuesFile(Repo.CHART.resolve("ci/" + variant + "-values.yaml"));
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    return install.call().getOutput();
  }

  @Test
  void tellTheUserWhatToDoNext() {
    String notes = notes(null, Map.of());
    assertThat(notes)
        .contains("all namespaces")
        .contains("kubectl apply -n <namespace> -f examples/fashion-mnist.yaml")
        .contains("kubectl get tr -n <namespace> -w")
        .contains("examples/pipelines/wait-for-run.sh")
        .contains("examples/fashion-mnist-download.yaml")
        .contains("port-forward service/plateau-metrics 8080")
        .contains("/metrics")
        .contains("kubectl apply --server-side -f crds/");
  }

  @Test
  void pointOnlyAtFilesThatExist() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("examples/[\\w./-]+\\.(yaml|sh)")
            .matcher(notes(null, Map.of()));
    int found = 0;
    while (m.find()) {
      assertThat(Repo.path(m.group())).as("NOTES.txt names %s", m.group()).exists();
      found++;
    }
    assertThat(found).isPositive();
  }

  @Test
  void nameTheWatchedNamespacesAndTheLease() {
    String notes = notes("leader-election", Map.of());
    assertThat(notes)
        .contains("in: team-a.")
        .contains("kubectl apply -n team-a -f examples/fashion-mnist.yaml")
        .contains("Lease " + RenderedChart.NAMESPACE + "/plateau-operator-leader");
  }

  @Test
  void pointAtTheServiceMonitorWhenThereIsOne() {
    assertThat(notes("metrics", Map.of())).contains("ServiceMonitor");
  }
}
