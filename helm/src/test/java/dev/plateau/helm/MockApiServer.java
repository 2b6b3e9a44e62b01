package dev.plateau.helm;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fabric8 mock API server in CRUD mode, over plain HTTP, holding a run's progress ConfigMap as
 * the operator creates it; it records the requests it gets.
 */
final class MockApiServer implements AutoCloseable {

  static final String NAMESPACE = "ml";
  static final String CONFIGMAP = "fashion-mlp-progress";

  /** What a request carried that the tests look at. */
  record Request(String method, String path, String contentType, String authorization) {}

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  MockApiServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses) {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                requests.add(
                    new Request(
                        request.getMethod(),
                        request.getPath(),
                        request.getHeader("Content-Type"),
                        request.getHeader("Authorization")));
                return super.dispatch(request);
              }
            },
            false);
    server.init();
    client = server.createClient();
    // Created once by the operator with an empty snapshot; the trainer only patches it.
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CONFIGMAP)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData("progress.json", "{}")
                .build())
        .create();
    requests.clear();
  }

  String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** Adds {@code key} to the progress ConfigMap, as the operator would (e.g. stop.json). */
  void putConfigMapData(String key, String value) {
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .withName(CONFIGMAP)
        .edit(
            cm -> {
              cm.getData().put(key, value);
              return cm;
            });
  }

  Map<String, String> configMapData() {
    return client.configMaps().inNamespace(NAMESPACE).withName(CONFIGMAP).get().getData();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
