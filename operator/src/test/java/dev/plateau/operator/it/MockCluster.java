package dev.plateau.operator.it;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A fabric8 mock API server in CRUD mode with the TrainingRun CRD applied, and the API calls the
 * operator made to it. The operator's client marks its requests with a header, so the calls of the
 * test and of {@link JobControllerStandIn} are not counted as the operator's.
 */
public final class MockCluster implements AutoCloseable {

  static final String CLIENT_HEADER = "X-Plateau-Test-Client";
  static final String OPERATOR = "operator";
  static final String TEST = "test";
  static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** What the mock reports in {@code /version}: a supported Kubernetes. */
  static final VersionInfo VERSION =
      new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.4").build();

  static final String CRD = "/META-INF/fabric8/trainingruns.plateau.dev-v1.yml";

  static final String SWEEP_CRD = "/META-INF/fabric8/trainingsweeps.plateau.dev-v1.yml";

  /** Kept: a JUL logger without a strong reference may be collected with its level. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Set<ApiCall> operatorCalls = Collections.synchronizedSet(new LinkedHashSet<>());
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  private final AtomicLong operatorWrites = new AtomicLong();

  /**
   * The answer the server gives the operator's requests that {@code which} matches, as a Kubernetes
   * API server refuses: the HTTP code and a {@code Status} (with {@code Retry-After: 1} for 429).
   */
  record Refusal(Predicate<RecordedRequest> which, int code, String reason, String message) {

    /** Requests of {@code method} whose path starts with {@code pathPrefix}. */
    static Refusal of(String method, String pathPrefix, int code, String reason, String message) {
      return new Refusal(
          r -> method.equals(r.getMethod()) && r.getPath().startsWith(pathPrefix),
          code,
          reason,
          message);
    }

    boolean matches(RecordedRequest request) {
      return which.test(request);
    }

    MockResponse response() {
      String status =
          io.fabric8.kubernetes.client.utils.Serialization.asJson(
              new StatusBuilder()
                  .withStatus("Failure")
                  .withCode(code)
                  .withReason(reason)
                  .withMessage(message)
                  .build());
      MockResponse response =
          new MockResponse()
              .setResponseCode(code)
              .setHeader("Content-Type", "application/json")
              .setBody(status);
      return code == 429 ? response.setHeader("Retry-After", "1") : response;
    }
  }

  /** Refuses the operator's matching requests until the returned handle is closed. */
  public AutoCloseable refuse(Refusal refusal) {
    refusals.add(refusal);
    return () -> refusals.remove(refusal);
  }

  private MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses) {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                // The operator's requests: from its client here, or from an operator process
                // (which sends no header); the test's own client marks its requests.
                if (!TEST.equals(request.getHeader(CLIENT_HEADER))) {
                  ApiCall.of(request.getMethod(), request.getPath()).ifPresent(operatorCalls::add);
                  if (WRITES.contains(request.getMethod())) {
                    operatorWrites.incrementAndGet();
                  }
                  for (Refusal refusal : refusals) {
                    if (refusal.matches(request)) {
                      return refusal.response();
                    }
                  }
                }
                return super.dispatch(request);
              }
            },
            false);
    server.init();
    server.setVersionInfo(VERSION);
    // The mock's discovery knows only CRDs: Jobs and Leases as a real server lists them.
    served("batch/v1", "jobs", "Job", true);
    served("coordination.k8s.io/v1", "leases", "Lease", true);
    // JOSDK asks whether it may use Leases before it starts with leader election; the mock
    // server cannot tell, so it answers as a server whose RBAC allows them.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update", "patch")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
    client = newClient(TEST);
  }

  public static MockCluster start() {
    MockCluster cluster = new MockCluster();
    for (String resource : List.of(CRD, SWEEP_CRD)) {
      try (InputStream crd = MockCluster.class.getResourceAsStream(resource)) {
        cluster
            .client
            .resource(
                cluster
                    .client
                    .getKubernetesSerialization()
                    .unmarshal(crd, CustomResourceDefinition.class))
            .create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cluster;
  }

  /** The client of the test itself: the user, and the stand-in for the Job controller. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client for an operator; the caller closes it. */
  public KubernetesClient newOperatorClient() {
    return newClient(OPERATOR);
  }

  private void served(String groupVersion, String plural, String kind, boolean namespaced) {
    server
        .expect()
        .get()
        .withPath("/apis/" + groupVersion)
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .addToResources(
                    new APIResourceBuilder()
                        .withName(plural)
                        .withKind(kind)
                        .withNamespaced(namespaced)
                        .build())
                .build())
        .always();
  }

  /** Write requests (POST, PUT, PATCH, DELETE) operators made so far. */
  public long operatorWrites() {
    return operatorWrites.get();
  }

  /** The server's address, for a kubeconfig. */
  public String url() {
    return server.url("/");
  }

  /** The distinct calls the operator's clients made so far. */
  public Set<ApiCall> operatorCalls() {
    synchronized (operatorCalls) {
      return Set.copyOf(operatorCalls);
    }
  }

  public KubernetesMockServer server() {
    return server;
  }

  private KubernetesClient newClient(String who) {
    return newClient(who, Config.DEFAULT_MAX_CONCURRENT_REQUESTS_PER_HOST);
  }

  /**
   * A client of the test with room for {@code concurrency} requests in flight (fabric8's default is
   * 5 per host), e.g. for many trainers patching at once.
   */
  public KubernetesClient newTestClient(int concurrency) {
    return newClient(TEST, concurrency);
  }

  private KubernetesClient newClient(String who, int concurrency) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMaxConcurrentRequests(Math.max(64, concurrency))
            .withMaxConcurrentRequestsPerHost(concurrency)
            .withMasterUrl(server.url("/"))
            .withNamespace("default")
            .withTrustCerts(true)
            .withRequestTimeout(10_000)
            // HTTP/1.1: the JDK client's cleartext HTTP/2 upgrade against the mock server can
            // leave a response unread (a create hung for minutes although the server answered).
            .withHttp2Disable(true)
            .withCustomHeaders(Map.of(CLIENT_HEADER, who))
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The mock server logs every request at INFO; the operator's own log says what matters. */
  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
