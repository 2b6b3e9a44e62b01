package dev.plateau.trainer.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressConfigMapReporterIT {

  private static final String NS = "team-a";
  private static final String CM = "fashion-mlp-progress";
  private static final String PATH = "/api/v1/namespaces/" + NS + "/configmaps/" + CM;
  private static final String TOKEN = "sa-token-must-never-be-logged";

  /** Batch snapshots alone would not be written during a test: only epochs and close() write. */
  private static final ProgressConfigMapReporter.Options NO_BATCH_WRITES =
      ProgressConfigMapReporter.Options.defaults()
          .withBatchInterval(Duration.ofHours(1))
          .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    client = clientFor("http://" + server.getHostName() + ":" + server.getPort());
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CM)
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.destroy();
  }

  @Test
  void everyEpochIsWrittenAtOnceWithOnlyPatches() {
    try (var reporter = new ProgressConfigMapReporter(client, NS, CM, NO_BATCH_WRITES)) {
      for (int epoch = 1; epoch <= 3; epoch++) {
        reporter.batch(snapshot(epoch - 1, 7));
        reporter.epoch(new EpochRecord(), snapshot(epoch, 0));
        int expected = epoch;
        await().atMost(Duration.ofSeconds(10)).until(() -> written().getEpoch() == expected);
      }
      TrainingResult result = new TrainingResult();
      result.setStopReason(StopReason.EarlyStopped);
      result.setBestEpoch(2);
      reporter.finished(result, snapshot(3, 0));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> configMap().getData().containsKey(TrainerPaths.RESULT_KEY));
      assertThat(
              ContractJson.read(
                      configMap().getData().get(TrainerPaths.RESULT_KEY), TrainingResult.class)
                  .getBestEpoch())
          .isEqualTo(2);
    }
    // The trainer's Role allows get and patch only; the test itself created and read the map.
    List<RecordedRequest> patches =
        requests().stream().filter(r -> !r.getMethod().equals("GET")).skip(1).toList();
    assertThat(patches)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getMethod()).isEqualTo("PATCH");
              assertThat(r.getPath()).isEqualTo(PATH);
              assertThat(r.getHeader("Content-Type")).startsWith("application/merge-patch+json");
            });
  }

  @Test
  void aStopRequestInTheConfigMapReachesTheTrainerOnceThroughItsOwnPatches() {
    List<StopRequest> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var reporter =
        new ProgressConfigMapReporter(client, NS, CM, NO_BATCH_WRITES).onStopRequest(heard::add)) {
      reporter.epoch(new EpochRecord(), snapshot(1, 0));
      await().atMost(Duration.ofSeconds(10)).until(() -> written().getEpoch() == 1);
      assertThat(heard).as("no stop.json yet").isEmpty();

      // The operator (a sweep's pruner) writes the request; the trainer never GETs the map.
      client
          .configMaps()
          .inNamespace(NS)
          .withName(CM)
          .edit(
              cm -> {
                cm.getData()
                    .put(
                        TrainerPaths.STOP_KEY,
                        ContractJson.write(new StopRequest("Pruned", "ASHA: not in the top 1/3")));
                return cm;
              });
      reporter.epoch(new EpochRecord(), snapshot(2, 0));
      reporter.epoch(new EpochRecord(), snapshot(3, 0));
      await().atMost(Duration.ofSeconds(10)).until(() -> written().getEpoch() == 3);
    }

    assertThat(heard).containsExactly(new StopRequest("Pruned", "ASHA: not in the top 1/3"));
  }

  @Test
  void manyBatchCallsCoalesceIntoFewPatchesAndTheLastWins() {
    try (var reporter = new ProgressConfigMapReporter(client, NS, CM, NO_BATCH_WRITES)) {
      for (int step = 1; step <= 1000; step++) {
        reporter.batch(snapshot(0, step));
      }
    }
    // At most the first batch snapshot, then the newest one flushed by close().
    assertThat(patchCount()).isBetween(1L, 2L);
    assertThat(written().getStep()).isEqualTo(1000);
  }

  @Test
  void batchSnapshotsAreWrittenBetweenEpochs() {
    var options = NO_BATCH_WRITES.withBatchInterval(Duration.ofMillis(1));
    try (var reporter = new ProgressConfigMapReporter(client, NS, CM, options)) {
      for (int step = 1; step <= 3; step++) {
        reporter.batch(snapshot(0, step));
        int expected = step;
        await().atMost(Duration.ofSeconds(10)).until(() -> written().getStep() == expected);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 409, 429})
  void errorAnswersAreRetriedUntilTheNewestSnapshotLands(int code) {
    server.expect().patch().withPath(PATH).andReturn(code, status(code)).times(4);
    try (var reporter = new ProgressConfigMapReporter(client, NS, CM, NO_BATCH_WRITES)) {
      reporter.epoch(new EpochRecord(), snapshot(1, 0));
      reporter.batch(snapshot(1, 5));
      reporter.epoch(new EpochRecord(), snapshot(2, 0));
      await().atMost(Duration.ofSeconds(10)).until(() -> written().getEpoch() == 2);
    }
    assertThat(patchCount()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void forbiddenIsLoggedOnceWithoutSecretsAndTrainingGoesOn() {
    server.expect().patch().withPath(PATH).andReturn(403, status(403)).times(5);
    String log =
        capturingStderr(
            () -> {
              try (var reporter = new ProgressConfigMapReporter(client, NS, CM, NO_BATCH_WRITES)) {
                reporter.epoch(new EpochRecord(), snapshot(1, 0));
                await().atMost(Duration.ofSeconds(10)).until(() -> written().getEpoch() == 1);
              }
            });
    assertThat(log.lines().filter(l -> l.contains("Cannot patch progress ConfigMap")))
        .singleElement()
        .asString()
        .contains("HTTP 403")
        .contains("forbidden");
    assertThat(log).contains("written again after 5 failed attempts").doesNotContain(TOKEN);
  }

  @Test
  void unreachableServerNeverBlocksTrainingAndCloseIsBounded() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (KubernetesClient down = clientFor("http://127.0.0.1:" + closedPort)) {
      var options = NO_BATCH_WRITES.withFlushTimeout(Duration.ofMillis(200));
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> trainAndClose(new ProgressConfigMapReporter(down, NS, CM, options)));
    }
  }

  @Test
  void serverThatNeverAnswersNeverBlocksTrainingAndCloseIsBounded() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(hanging.accept());
                  }
                } catch (Exception e) {
                  // closed at the end of the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (KubernetesClient stuck = clientFor("http://127.0.0.1:" + hanging.getLocalPort())) {
        var options = NO_BATCH_WRITES.withFlushTimeout(Duration.ofMillis(200));
        var reporter = new ProgressConfigMapReporter(stuck, NS, CM, options);
        reporter.epoch(new EpochRecord(), snapshot(1, 0));
        // The writer now waits on a request the server reads and never answers.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !accepted.isEmpty() && accepted.get(0).getInputStream().available() > 0);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> trainAndClose(reporter));
      } finally {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
  }

  /** What a training does; every call must return although nothing gets through. */
  private static void trainAndClose(ProgressReporter reporter) {
    for (int epoch = 1; epoch <= 5; epoch++) {
      for (int step = 1; step <= 200; step++) {
        reporter.batch(snapshot(epoch - 1, step));
      }
      reporter.epoch(new EpochRecord(), snapshot(epoch, 0));
    }
    reporter.finished(new TrainingResult(), snapshot(5, 0));
    reporter.close();
  }

  private static KubernetesClient clientFor(String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withOauthToken(TOKEN)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(60_000)
            .withRequestTimeout(60_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static ProgressSnapshot snapshot(int epoch, int step) {
    ProgressSnapshot snapshot = new ProgressSnapshot();
    snapshot.setEpoch(epoch);
    snapshot.setStep(step);
    snapshot.setMaxEpochs(10);
    return snapshot;
  }

  private static io.fabric8.kubernetes.api.model.Status status(int code) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withMessage(
            code == 403
                ? "configmaps \"" + CM + "\" is forbidden: User cannot patch resource"
                : "answer " + code)
        .build();
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace(NS).withName(CM).get();
  }

  private ProgressSnapshot written() {
    Map<String, String> data = configMap().getData();
    String json = data == null ? null : data.get(TrainerPaths.PROGRESS_KEY);
    if (json == null) {
      ProgressSnapshot none = new ProgressSnapshot();
      none.setEpoch(-1);
      none.setStep(-1);
      return none;
    }
    return ContractJson.read(json, ProgressSnapshot.class);
  }

  private List<RecordedRequest> requests() {
    List<RecordedRequest> all = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        all.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return all;
  }

  private long patchCount() {
    return requests().stream().filter(r -> r.getMethod().equals("PATCH")).count();
  }

  private static String capturingStderr(Runnable body) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }
}
