package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.PlateauOperator;
import dev.plateau.operator.ServerCompatibility;
import dev.plateau.operator.TestRuns;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's start against API servers of several versions and with or without its CRD: the one
 * sentence it stops with, or the settings it runs with (on 1.25, allowed, Jobs without a
 * podFailurePolicy).
 */
class ServerPreflightIT {

  MockCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A mock API server reporting {@code 1.<minor>} that serves TrainingRuns if {@code crd}. */
  MockCluster server(String minor, boolean crd) {
    cluster = MockCluster.start();
    cluster
        .server()
        .setVersionInfo(
            new VersionInfo.Builder()
                .withMajor("1")
                .withMinor(minor)
                .withGitVersion("v1." + minor.replace("+", "") + ".3")
                .build());
    if (!crd) {
      cluster
          .server()
          .expect()
          .get()
          .withPath("/apis/plateau.dev/v1alpha1")
          .andReturn(404, "")
          .always();
    }
    return cluster;
  }

  @Test
  void aSupportedServerRunsWithEverything() throws Exception {
    try (KubernetesClient client = server("30+", true).newOperatorClient()) {
      OperatorSettings settings = PlateauOperator.preflight(client, OperatorSettings.defaults());

      assertThat(settings.podFailurePolicy()).isTrue();
    }
  }

  @Test
  void anOldServerStopsTheOperatorWithOneSentence() {
    try (KubernetesClient client = server("25", true).newOperatorClient()) {
      assertThatThrownBy(() -> PlateauOperator.preflight(client, OperatorSettings.defaults()))
          .isInstanceOf(ServerCompatibility.Unsupported.class)
          .hasMessage(
              "the API server at "
                  + client.getMasterUrl()
                  + " runs Kubernetes 1.25, and Plateau needs 1.28 or newer (set"
                  + " PLATEAU_ALLOW_OLD_KUBERNETES=true, or the chart's allowOldKubernetes, to"
                  + " run anyway without what 1.25 lacks)");
    }
  }

  @Test
  void aServerWithoutTheCrdStopsTheOperatorSayingHowToInstallIt() {
    try (KubernetesClient client = server("30", false).newOperatorClient()) {
      assertThatThrownBy(() -> PlateauOperator.preflight(client, OperatorSettings.defaults()))
          .hasMessageContaining(
              "does not serve trainingruns.plateau.dev/v1alpha1,"
                  + " trainingsweeps.plateau.dev/v1alpha1: install the CRDs (kubectl apply"
                  + " --server-side -f crds/, or helm install the chart)");
    }
  }

  @Test
  void anAllowedOldServerGetsJobsWithoutAPodFailurePolicy() throws Exception {
    MockCluster old = server("25", true);
    OperatorSettings settings;
    try (KubernetesClient client = old.newOperatorClient()) {
      settings =
          PlateauOperator.preflight(
              client,
              OperatorSettings.fromEnvironment(
                  Map.of(OperatorSettings.ALLOW_OLD_KUBERNETES, "true")));
    }
    assertThat(settings.podFailurePolicy()).isFalse();

    try (RunningOperator operator = RunningOperator.start(old, settings)) {
      KubernetesClient user = old.client();
      user.resource(MockGarbageCollector.claim("team-a", "datasets")).create();
      user.resource(TestRuns.manifest("fashion-mlp", "team-a")).create();
      Job job = new JobControllerStandIn(user).awaitJob("team-a", "fashion-mlp");

      assertThat(job.getSpec().getPodFailurePolicy()).isNull();
      assertThat(job.getSpec().getBackoffLimit()).isNotNull();
    }
  }
}
