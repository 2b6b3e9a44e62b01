package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.TestRuns;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PLATEAU_WATCH_NAMESPACES confines the operator, its informers included. */
class WatchNamespacesIT {

  @Test
  void runsOutsideTheWatchedNamespacesAreLeftAlone() {
    try (MockCluster cluster = MockCluster.start()) {
      var client = cluster.client();
      for (String ns : new String[] {"team-a", "team-b"}) {
        client.resource(MockGarbageCollector.claim(ns, "datasets")).create();
        client.resource(TestRuns.manifest("fashion-mlp", ns)).create();
      }
      OperatorSettings settings =
          OperatorSettings.fromEnvironment(Map.of(OperatorSettings.WATCH_NAMESPACES, "team-a"));
      try (RunningOperator operator = RunningOperator.start(cluster, settings)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> run(cluster, "team-a"),
                r ->
                    r.getStatus() != null
                        && "False/JobCreated"
                            .equals(OperatorIT.condition(r, ConditionTypes.RUNNING)));
        await()
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> client.batch().v1().jobs().inNamespace("team-b").list().getItems().isEmpty());
        assertThat(run(cluster, "team-b").getStatus()).as("never touched by the operator").isNull();
        assertThat(operator.metrics().trackedRuns()).isEqualTo(1);
      }
      var declared = ApiCalls.declared();
      assertThat(cluster.operatorCalls().stream().filter(c -> !ApiCalls.allows(declared, c)))
          .as("API calls the operator made that api-calls.yaml does not declare")
          .isEmpty();
    }
  }

  static TrainingRun run(MockCluster cluster, String namespace) {
    return cluster
        .client()
        .resources(TrainingRun.class)
        .inNamespace(namespace)
        .withName("fashion-mlp")
        .get();
  }
}
