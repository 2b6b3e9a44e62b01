package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.status.Condition;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.TestRuns;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What every integration test shares: one mock cluster and one real operator per class, a namespace
 * per test (the tests share the server), and at the end the check that every API call the operator
 * made is declared in {@code api-calls.yaml}, which the chart's RBAC is held to.
 */
abstract class OperatorIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static MockCluster cluster;
  static RunningOperator operator;
  static KubernetesClient client;
  static JobControllerStandIn jobs;

  String namespace;

  @BeforeAll
  static void startClusterAndOperator() {
    cluster = MockCluster.start();
    client = cluster.client();
    jobs = new JobControllerStandIn(client);
    operator = RunningOperator.start(cluster);
  }

  @AfterAll
  static void everyCallTheOperatorMadeIsDeclared() {
    try {
      if (operator != null) {
        operator.close();
      }
      var declared = ApiCalls.declared();
      assertThat(cluster.operatorCalls()).as("the recorder saw the operator").isNotEmpty();
      System.out.println(
          "API calls the operator made: "
              + cluster.operatorCalls().stream().map(ApiCall::toString).sorted().toList());
      assertThat(cluster.operatorCalls().stream().filter(c -> !ApiCalls.allows(declared, c)))
          .as("API calls the operator made that api-calls.yaml does not declare")
          .isEmpty();
    } finally {
      cluster.close();
    }
  }

  @BeforeEach
  void newNamespace(TestInfo test) {
    String method = test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
    namespace =
        (method.length() > 40 ? method.substring(0, 40) : method)
            + "-"
            + NAMESPACES.incrementAndGet();
  }

  TrainingRun create(TrainingRun run) {
    return client.resource(run).create();
  }

  TrainingRun manifest(String name) {
    return TestRuns.manifest(name, namespace);
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  TrainingRun edit(String name, Consumer<TrainingRun> change) {
    return client
        .resources(TrainingRun.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            r -> {
              change.accept(r);
              return r;
            });
  }

  /** A run as users create them: with the dataset claim it mounts. */
  TrainingRun createWithClaims(TrainingRun run) {
    client
        .resource(MockGarbageCollector.claim(namespace, run.getSpec().getDataset().getClaimName()))
        .create();
    return create(run);
  }

  TrainingRun get(String name) {
    return client.resources(TrainingRun.class).inNamespace(namespace).withName(name).get();
  }

  /** Waits until the run's status satisfies {@code condition}, and returns the run. */
  TrainingRun awaitRun(String name, Predicate<TrainingRun> condition) {
    try {
      return await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> get(name), r -> r != null && r.getStatus() != null && condition.test(r));
    } catch (ConditionTimeoutException e) {
      TrainingRun run = get(name);
      throw new AssertionError(
          "run "
              + namespace
              + "/"
              + name
              + " never got there; its status: "
              + (run == null ? "no run" : describe(run)),
          e);
    }
  }

  static String describe(TrainingRun run) {
    if (run.getStatus() == null) {
      return "none";
    }
    return run.getStatus().getPhase()
        + " "
        + run.getStatus().getConditions()
        + " observedGeneration="
        + run.getStatus().getObservedGeneration();
  }

  /** Waits until condition {@code type} reads {@code status/reason}, e.g. "False/JobCreated". */
  TrainingRun awaitCondition(String name, String type, String statusAndReason) {
    return awaitRun(name, r -> statusAndReason.equals(condition(r, type)));
  }

  static String condition(TrainingRun run, String type) {
    return Conditions.find(run.getStatus().getConditions(), type)
        .map(c -> c.getStatus() + "/" + c.getReason())
        .orElse("absent");
  }

  static Condition conditionOf(TrainingRun run, String type) {
    return Conditions.find(run.getStatus().getConditions(), type).orElseThrow();
  }

  List<Event> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
