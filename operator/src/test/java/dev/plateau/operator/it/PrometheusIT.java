package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.HttpEndpoints;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's per-run metrics as a real Prometheus (Debian's {@code prometheus} package, its
 * binary started on loopback with a temp config and storage) scrapes them while runs report
 * progress on the mock API server; then every panel expression of the chart's Grafana dashboard,
 * with its variables filled in, evaluated by that Prometheus. Without the binary the test fails
 * under CI ({@code CI=true}) and is skipped otherwise.
 */
class PrometheusIT extends OperatorIT {

  static final Path PROMETHEUS =
      Path.of(System.getenv().getOrDefault("PLATEAU_PROMETHEUS", "/usr/bin/prometheus"));
  static final Path DASHBOARD = Path.of("../helm/plateau/dashboards/plateau-training.json");
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  /** Series every reporting run has (the monitor's two carry a {@code monitor} label too). */
  static final List<String> PER_RUN =
      List.of(
          "plateau_run_epoch",
          "plateau_run_max_epochs",
          "plateau_run_train_loss",
          "plateau_run_val_loss",
          "plateau_run_val_accuracy_ratio",
          "plateau_run_monitor_value",
          "plateau_run_monitor_best_value",
          "plateau_run_epochs_since_improvement",
          "plateau_run_patience",
          "plateau_run_learning_rate",
          "plateau_run_samples_per_second",
          "plateau_run_epoch_duration_seconds",
          "plateau_run_last_progress_timestamp_seconds",
          "plateau_run_eta_earliest_stop_seconds",
          "plateau_run_eta_max_epochs_seconds",
          "plateau_run_phase");

  @TempDir Path dir;
  HttpEndpoints endpoints;
  Process prometheus;
  int prometheusPort;

  @BeforeEach
  void startPrometheus() throws Exception {
    boolean present = Files.isExecutable(PROMETHEUS);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          PROMETHEUS + " is missing: CI installs Debian's prometheus package (.ci/run)");
    }
    assumeThat(present)
        .as("%s missing: apt-get install prometheus to run the Prometheus tests", PROMETHEUS)
        .isTrue();
    endpoints =
        HttpEndpoints.start(
            0,
            0,
            operator.registry()::scrape,
            () -> true,
            () -> operator.operator().getRuntimeInfo().isStarted());
    prometheusPort = OperatorProcess.freePort();
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: plateau-operator
            honor_labels: true
            static_configs: [{targets: ["127.0.0.1:%d"]}]
        """
            .formatted(endpoints.metricsPort()));
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> prometheusGet("/-/ready").statusCode() == 200);
  }

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor(10, TimeUnit.SECONDS);
      prometheus.destroyForcibly();
    }
    if (endpoints != null) {
      endpoints.close();
    }
  }

  @Test
  void prometheusScrapesEveryRunsProgressAndEveryDashboardPanelEvaluates() throws Exception {
    TrainingRun curves = createWithClaims(manifest("curves"));
    jobs.running(jobs.startPod(namespace, "curves"));
    FakeTrainer trainer = new FakeTrainer(client, namespace, "curves");
    for (int epoch = 1; epoch <= 3; epoch++) {
      trainer.report(reported(curves, epoch));
    }
    TrainingRun diverged = create(manifest("diverged"));
    Pod pod = jobs.running(jobs.startPod(namespace, "diverged"));
    new FakeTrainer(client, namespace, "diverged").report(reported(diverged, 1));
    jobs.finish(
        pod,
        3,
        "Error",
        FakeTrainer.termination("NonFiniteMetric", "val_loss became NaN at epoch 2", null));
    awaitCondition("diverged", ConditionTypes.FAILED, "True/NonFiniteMetric");
    awaitRun(
        "curves",
        r -> r.getStatus().getProgress() != null && r.getStatus().getProgress().getEpoch() == 3);

    String run = "{namespace=\"" + namespace + "\",run=\"curves\"}";
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(values("plateau_run_epoch" + run)).containsExactly("3"));
    for (String name : PER_RUN) {
      assertThat(query(name + run)).as(name).isNotEmpty();
    }
    assertThat(values("plateau_run_val_loss" + run)).containsExactly("0.31");
    assertThat(values("plateau_run_monitor_best_value" + run)).containsExactly("0.3");
    assertThat(values("plateau_run_eta_earliest_stop_seconds" + run)).containsExactly("6");
    assertThat(values("plateau_run_phase{namespace=\"" + namespace + "\",phase=\"Running\"}"))
        .containsExactlyInAnyOrder("1", "0");
    assertThat(
            values(
                "plateau_run_end_reason{namespace=\""
                    + namespace
                    + "\",run=\"diverged\",reason=\"NonFiniteMetric\"}"))
        .containsExactly("1");

    // The dashboard's variables as Grafana would fill them: label values from Prometheus.
    assertThat(labelValues("namespace", "plateau_run_phase")).contains(namespace);
    assertThat(labelValues("job", "plateau_runs")).contains("plateau-operator");
    for (Panel panel : panels()) {
      String expr =
          panel
              .expr()
              .replace("$namespace", namespace)
              .replace("$job", "plateau-operator")
              .replace("$run", "curves|diverged")
              .replace("$__rate_interval", "1m");
      // rate() needs two scrapes of a counter, which a fresh Prometheus may not have yet.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                JsonNode answer = api("/api/v1/query?query=" + encode(expr));
                assertThat(answer.path("status").asText())
                    .as("panel %s: %s -> %s", panel.title(), expr, answer)
                    .isEqualTo("success");
                assertThat(answer.path("data").path("result"))
                    .as("panel %s has data: %s", panel.title(), expr)
                    .isNotEmpty();
              });
    }

    // A deleted run's series end: Prometheus marks them stale at the next scrape.
    client.resource(diverged).delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(query("plateau_run_phase{run=\"diverged\"}"))
                    .as("series of the deleted run")
                    .isEmpty());
  }

  /** A snapshot after {@code epoch} epochs of 2 s, improving until epoch 2, patience 4. */
  static ProgressSnapshot reported(TrainingRun run, int epoch) {
    ProgressSnapshot s =
        FakeTrainer.snapshot(run.getMetadata().getUid(), epoch, 0.3, Math.min(2, epoch));
    s.setTrainLoss(0.25);
    s.setValAccuracy(0.88);
    s.setLearningRate(0.001);
    s.setSamplesPerSecond(27000.0);
    s.setEpochSeconds(2.0);
    s.setUpdatedAt(Instant.now().toString());
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 1; e <= epoch; e++) {
      EpochRecord r = new EpochRecord();
      r.setEpoch(e);
      r.setEpochSeconds(2.0);
      history.add(r);
    }
    s.setHistory(history);
    return s;
  }

  record Panel(String title, String expr) {}

  /** Every target expression of every panel, rows' nested panels included. */
  static List<Panel> panels() throws IOException {
    List<Panel> panels = new ArrayList<>();
    for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).findParents("targets")) {
      for (JsonNode target : panel.path("targets")) {
        panels.add(new Panel(panel.path("title").asText(), target.path("expr").asText()));
      }
    }
    assertThat(panels).as("dashboard panel expressions").hasSizeGreaterThan(10);
    return panels;
  }

  List<String> values(String promql) throws Exception {
    List<String> values = new ArrayList<>();
    for (JsonNode series : query(promql)) {
      values.add(series.path("value").get(1).asText());
    }
    return values;
  }

  JsonNode query(String promql) throws Exception {
    JsonNode answer = api("/api/v1/query?query=" + encode(promql));
    assertThat(answer.path("status").asText()).as("%s -> %s", promql, answer).isEqualTo("success");
    return answer.path("data").path("result");
  }

  List<String> labelValues(String label, String match) throws Exception {
    List<String> values = new ArrayList<>();
    api("/api/v1/label/" + label + "/values?match[]=" + encode(match))
        .path("data")
        .forEach(v -> values.add(v.asText()));
    return values;
  }

  JsonNode api(String path) throws Exception {
    return JSON.readTree(prometheusGet(path).body());
  }

  HttpResponse<String> prometheusGet(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
