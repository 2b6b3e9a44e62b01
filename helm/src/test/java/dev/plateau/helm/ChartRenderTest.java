package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** helm template, for the defaults and every variant in ci/: what lands where. */
class ChartRenderTest {

  private static final String VERSION = Repo.projectVersion();

  static Stream<String> variants() {
    return Stream.concat(Stream.of("defaults"), RenderedChart.variants().stream());
  }

  static RenderedChart render(String variant) {
    return RenderedChart.render("defaults".equals(variant) ? null : variant, Map.of());
  }

  @Test
  void documentsTheVariantsItIsTestedWith() {
    assertThat(RenderedChart.variants())
        .contains(
            "all-namespaces",
            "namespace-list",
            "metrics",
            "two-replicas",
            "leader-election",
            "network-policy",
            "monitoring");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyObjectIsLabelledAndNamespacedObjectsLiveWhereTheyShould(String variant) {
    for (ObjectNode object : render(variant).all()) {
      JsonNode labels = object.path("metadata").path("labels");
      assertThat(labels.path("app.kubernetes.io/name").asText()).isEqualTo("plateau");
      assertThat(labels.path("app.kubernetes.io/instance").asText())
          .isEqualTo(RenderedChart.RELEASE);
      assertThat(labels.path("app.kubernetes.io/version").asText()).isEqualTo(VERSION);
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      String kind = object.path("kind").asText();
      if (!kind.startsWith("Cluster")) {
        assertThat(object.path("metadata").path("namespace").asText())
            .as("namespace of %s", kind)
            .isNotEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theOperatorPodIsLockedDownLikeTheTrainerPods(String variant) {
    RenderedChart chart = render(variant);
    JsonNode pod = chart.podSpec().path("securityContext");
    assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("runAsUser").asLong()).isPositive();
    assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");

    JsonNode container = chart.operatorContainer().path("securityContext");
    assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.path("capabilities").path("drop"))
        .extracting(JsonNode::asText)
        .containsExactly("ALL");
    assertThat(container.has("privileged")).isFalse();

    // The read-only root filesystem leaves /tmp, an emptyDir, as the only writable path.
    JsonNode mounts = chart.operatorContainer().path("volumeMounts");
    assertThat(mounts).hasSize(1);
    assertThat(mounts.get(0).path("mountPath").asText()).isEqualTo("/tmp");
    String volume = mounts.get(0).path("name").asText();
    assertThat(chart.podSpec().path("volumes"))
        .anySatisfy(
            v -> {
              assertThat(v.path("name").asText()).isEqualTo(volume);
              assertThat(v.has("emptyDir")).isTrue();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theEnvironmentIsWhatTheOperatorReads(String variant) {
    RenderedChart chart = render(variant);
    assertThat(OperatorSources.environmentVariables()).containsAll(chart.env().keySet());
    assertThat(chart.env())
        .containsKeys(
            "PLATEAU_WATCH_NAMESPACES",
            "PLATEAU_TRAINER_IMAGE",
            "PLATEAU_TRAINER_GPU_IMAGE",
            "PLATEAU_TRAINER_IMAGE_PULL_SECRETS",
            "PLATEAU_LEADER_ELECTION",
            "PLATEAU_METRICS_PORT",
            "PLATEAU_HEALTH_PORT",
            "PLATEAU_ALLOW_OLD_KUBERNETES");
    assertThat(chart.env().get("PLATEAU_ALLOW_OLD_KUBERNETES")).isEqualTo("false");
    assertThat(chart.env())
        .containsEntry("PLATEAU_API_MAX_CONCURRENT_REQUESTS", "64")
        .containsEntry("PLATEAU_API_MAX_CONCURRENT_REQUESTS_PER_HOST", "32")
        .containsEntry("PLATEAU_RECONCILE_THREADS", "50")
        .containsEntry("PLATEAU_WORKFLOW_THREADS", "50")
        .containsEntry("PLATEAU_RECONCILES_PER_RUN_PER_SECOND", "20");
    assertThat(chart.env().get("PLATEAU_METRICS_PORT"))
        .isEqualTo(String.valueOf(chart.containerPort("metrics")));
    assertThat(chart.env().get("PLATEAU_HEALTH_PORT"))
        .isEqualTo(String.valueOf(chart.containerPort("health")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void probesAskThePathsTheOperatorServesOnItsHealthPort(String variant) {
    RenderedChart chart = render(variant);
    JsonNode liveness = chart.operatorContainer().path("livenessProbe").path("httpGet");
    JsonNode readiness = chart.operatorContainer().path("readinessProbe").path("httpGet");
    assertThat(liveness.path("path").asText()).isEqualTo("/healthz");
    assertThat(readiness.path("path").asText()).isEqualTo("/readyz");
    assertThat(OperatorSources.httpPaths()).contains("/healthz", "/readyz", "/metrics");
    assertThat(liveness.path("port").asText()).isEqualTo("health");
    assertThat(readiness.path("port").asText()).isEqualTo("health");
  }

  @Test
  void defaultsWatchAllNamespacesWithOneReplicaAndTheVersionedImages() {
    RenderedChart chart = RenderedChart.defaults();
    assertThat(chart.operatorContainer().path("image").asText())
        .isEqualTo("plateau-operator:" + VERSION);
    assertThat(chart.env())
        .containsEntry("PLATEAU_WATCH_NAMESPACES", "")
        .containsEntry("PLATEAU_TRAINER_IMAGE", "plateau-trainer:" + VERSION)
        .containsEntry("PLATEAU_TRAINER_GPU_IMAGE", "plateau-trainer:" + VERSION + "-cuda")
        .containsEntry("PLATEAU_TRAINER_IMAGE_PULL_SECRETS", "")
        .containsEntry("PLATEAU_LEADER_ELECTION", "false")
        .containsEntry("PLATEAU_METRICS_PORT", "8080")
        .containsEntry("PLATEAU_HEALTH_PORT", "8081")
        .doesNotContainKeys(
            "PLATEAU_LEADER_ELECTION_NAMESPACE", "PLATEAU_LEADER_ELECTION_LEASE_NAME");
    JsonNode spec = chart.deployment().path("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(1);
    // Without leader election a rolling update would run two operators side by side.
    assertThat(spec.path("strategy").path("type").asText()).isEqualTo("Recreate");
    assertThat(chart.podSpec().has("imagePullSecrets")).isFalse();
    assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
    assertThat(chart.ofKind("NetworkPolicy")).isEmpty();
    assertThat(chart.operatorContainer().path("resources").path("limits").path("memory").asText())
        .isNotEmpty();
  }

  @Test
  void theServiceAccountIsTheOnePodsRunAs() {
    RenderedChart chart = RenderedChart.defaults();
    assertThat(chart.one("ServiceAccount").path("metadata").path("name").asText())
        .isEqualTo(chart.podSpec().path("serviceAccountName").asText());
  }

  @Test
  void aNamespaceListAndPrivateRegistriesLandInTheEnvironmentAndThePod() {
    RenderedChart chart = RenderedChart.render("namespace-list", Map.of());
    assertThat(chart.operatorContainer().path("image").asText())
        .isEqualTo("registry.example.com/ml/plateau-operator:0.1.0-rc1");
    assertThat(chart.podSpec().path("imagePullSecrets"))
        .extracting(s -> s.path("name").asText())
        .containsExactly("registry-ml");
    assertThat(chart.env())
        .containsEntry("PLATEAU_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("PLATEAU_TRAINER_IMAGE", "registry.example.com/ml/plateau-trainer:0.1.0-rc1")
        .containsEntry(
            "PLATEAU_TRAINER_GPU_IMAGE", "registry.example.com/ml/plateau-trainer:0.1.0-rc1-cuda")
        .containsEntry("PLATEAU_TRAINER_IMAGE_PULL_SECRETS", "registry-ml,registry-mirror");
  }

  @ParameterizedTest(name = "replicaCount={0}")
  @ValueSource(ints = {2, 3})
  void moreThanOneReplicaTurnsLeaderElectionOn(int replicas) {
    RenderedChart chart =
        RenderedChart.render(
            null, Map.of("replicaCount", replicas, "leaderElection.enabled", false));
    assertThat(chart.deployment().path("spec").path("replicas").asInt()).isEqualTo(replicas);
    assertThat(chart.env())
        .containsEntry("PLATEAU_LEADER_ELECTION", "true")
        .containsEntry("PLATEAU_LEADER_ELECTION_NAMESPACE", RenderedChart.NAMESPACE)
        .containsEntry("PLATEAU_LEADER_ELECTION_LEASE_NAME", "plateau-operator-leader");
    // Rolling updates are safe with a Lease: the new pod waits for it.
    assertThat(chart.deployment().path("spec").path("strategy").path("type").asText())
        .isNotEqualTo("Recreate");
  }

  @Test
  void twoReplicasUseTheConfiguredLease() {
    RenderedChart chart = RenderedChart.render("two-replicas", Map.of());
    assertThat(chart.deployment().path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(chart.env())
        .containsEntry("PLATEAU_LEADER_ELECTION", "true")
        .containsEntry("PLATEAU_LEADER_ELECTION_LEASE_NAME", "plateau-leader");
  }

  @Test
  void metricsGetTheirPortsServiceAndServiceMonitor() {
    RenderedChart chart = RenderedChart.render("metrics", Map.of());
    assertThat(chart.containerPort("metrics")).isEqualTo(9090);
    assertThat(chart.containerPort("health")).isEqualTo(9091);
    JsonNode port = chart.one("Service").path("spec").path("ports").get(0);
    assertThat(port.path("port").asInt()).isEqualTo(9090);
    assertThat(port.path("targetPort").asText()).isEqualTo("metrics");
    assertThat(chart.one("Service").path("spec").path("selector"))
        .isEqualTo(chart.deployment().path("spec").path("selector").path("matchLabels"));

    ObjectNode monitor = chart.one("ServiceMonitor");
    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.path("metadata").path("labels").path("release").asText())
        .isEqualTo("prometheus");
    // The ServiceMonitor selects the metrics Service by its labels.
    JsonNode serviceLabels = chart.one("Service").path("metadata").path("labels");
    monitor
        .path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            label ->
                assertThat(serviceLabels.path(label.getKey()).asText())
                    .isEqualTo(label.getValue().asText()));
    assertThat(monitor.path("spec").path("selector").path("matchLabels").size()).isPositive();
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
    assertThat(endpoint.path("honorLabels").asBoolean())
        .as("the runs' namespace label survives the scrape")
        .isTrue();
  }

  @Test
  void theDashboardAndAlertsAreOptIn() {
    assertThat(RenderedChart.defaults().ofKind("PrometheusRule")).isEmpty();
    assertThat(RenderedChart.defaults().ofKind("ConfigMap")).isEmpty();
  }

  @Test
  void theDashboardIsAConfigMapTheGrafanaSidecarPicksUp() throws Exception {
    RenderedChart chart = RenderedChart.render("monitoring", Map.of());
    ObjectNode dashboard = chart.one("ConfigMap");

    assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    assertThat(dashboard.path("metadata").path("annotations").path("grafana_folder").asText())
        .isEqualTo("Plateau");
    JsonNode json =
        RenderedChart.YAML.readTree(dashboard.path("data").path("plateau-training.json").asText());
    assertThat(json)
        .isEqualTo(
            RenderedChart.YAML.readTree(
                Repo.read("helm/plateau/dashboards/plateau-training.json")));
    assertThat(json.path("uid").asText()).isEqualTo("plateau-training");
    assertThat(
            RenderedChart.render(
                    "monitoring", Map.of("metrics.grafanaDashboard.namespace", "monitoring"))
                .one("ConfigMap")
                .path("metadata")
                .path("namespace")
                .asText())
        .isEqualTo("monitoring");
  }

  @Test
  void theAlertsTakeTheirSeverityLabelsAndNoProgressTime() {
    ObjectNode rule = RenderedChart.render("monitoring", Map.of()).one("PrometheusRule");

    assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.path("metadata").path("labels").path("release").asText())
        .isEqualTo("prometheus");
    JsonNode rules = rule.path("spec").path("groups").get(0).path("rules");
    assertThat(rules.findValuesAsText("alert"))
        .containsExactly(
            "PlateauTrainingRunFailed",
            "PlateauTrainingRunNoProgress",
            "PlateauTrainingRunNonFiniteMetric");
    assertThat(rules.findValuesAsText("severity")).containsOnly("critical");
    assertThat(rules.get(1).path("expr").asText()).contains("> 1200");
    assertThat(rules.get(1).path("annotations").path("summary").asText())
        .isEqualTo(
            "TrainingRun {{ $labels.namespace }}/{{ $labels.run }} has reported no progress for"
                + " 20 minutes");
  }

  @Test
  void aServiceMonitorWithoutTheServiceIsRefusedWithAReason() {
    assertThatThrownBy(
            () -> RenderedChart.render("metrics", Map.of("metrics.service.enabled", false)))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  @Test
  void theNetworkPolicyOpensOnlyMetricsAndHealthAndTheApiServer() {
    RenderedChart chart = RenderedChart.render("network-policy", Map.of());
    JsonNode policy = chart.one("NetworkPolicy").path("spec");
    assertThat(policy.path("podSelector").path("matchLabels"))
        .isEqualTo(chart.deployment().path("spec").path("selector").path("matchLabels"));
    assertThat(policy.path("policyTypes"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("Ingress", "Egress");

    List<String> ingressPorts = new ArrayList<>();
    policy
        .path("ingress")
        .forEach(r -> r.path("ports").forEach(p -> ingressPorts.add(p.path("port").asText())));
    assertThat(ingressPorts).containsExactlyInAnyOrder("metrics", "health");
    JsonNode metricsRule = policy.path("ingress").get(0);
    assertThat(metricsRule.path("from").get(0).path("namespaceSelector").path("matchLabels"))
        .hasToString("{\"kubernetes.io/metadata.name\":\"monitoring\"}");

    JsonNode egress = policy.path("egress");
    assertThat(egress).hasSize(1);
    assertThat(egress.get(0).path("ports"))
        .extracting(p -> p.path("port").asInt())
        .containsExactlyInAnyOrder(443, 6443);
    assertThat(egress.get(0).path("to"))
        .extracting(t -> t.path("ipBlock").path("cidr").asText())
        .containsExactly("10.0.0.1/32", "192.168.10.0/24");
  }
}
