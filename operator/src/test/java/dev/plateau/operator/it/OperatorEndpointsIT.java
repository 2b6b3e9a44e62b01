package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.HttpEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What Prometheus and the kubelet see of a running operator. */
class OperatorEndpointsIT extends OperatorIT {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsFollowRunsAndForgetDeletedOnes() throws Exception {
    try (HttpEndpoints endpoints =
        HttpEndpoints.start(
            0,
            0,
            operator.registry()::scrape,
            () -> operator.operator().getRuntimeInfo().allEventSourcesAreHealthy(),
            () -> operator.operator().getRuntimeInfo().isStarted())) {
      assertThat(get(endpoints.healthPort(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(endpoints.healthPort(), "/readyz").statusCode()).isEqualTo(200);

      TrainingRun run = createWithClaims(manifest("fashion-mlp"));
      jobs.running(jobs.startPod(namespace, "fashion-mlp"));
      new FakeTrainer(client, namespace, "fashion-mlp")
          .report(FakeTrainer.snapshot(run.getMetadata().getUid(), 6, 0.3125, 5));
      awaitRun(
          "fashion-mlp",
          r ->
              r.getStatus().getProgress() != null
                  && "True/Training".equals(condition(r, ConditionTypes.RUNNING)));

      String series = "namespace=\"" + namespace + "\"";
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                String metrics = get(endpoints.metricsPort(), "/metrics").body();
                assertThat(metrics)
                    .containsPattern("plateau_run_epoch\\{[^}]*" + series + "[^}]*\\} 6\\.0");
                assertThat(metrics)
                    .containsPattern(
                        "plateau_run_monitor_best_value\\{[^}]*" + series + "[^}]*\\} 0\\.3125");
                assertThat(metrics).containsPattern("plateau_runs\\{phase=\"Running\"\\} [1-9]");
                assertThat(metrics).contains("operator_sdk_");
              });

      client.resource(run).delete();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(get(endpoints.metricsPort(), "/metrics").body())
                      .doesNotContain(series));
    }
  }

  @Test
  void probesFailWhenTheyShould() throws Exception {
    try (HttpEndpoints endpoints = HttpEndpoints.start(0, 0, () -> "", () -> false, () -> false)) {
      assertThat(get(endpoints.healthPort(), "/healthz").statusCode()).isEqualTo(503);
      assertThat(get(endpoints.healthPort(), "/readyz").statusCode()).isEqualTo(503);
    }
  }
}
