package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.TestRuns;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election: one takes the Lease and reconciles, the other waits, and takes
 * over once the leader is gone and its Lease has expired (JOSDK does not release it on stop: about
 * 15 s).
 */
class LeaderElectionIT {

  static final String LEASE_NAMESPACE = "plateau-system";

  static MockCluster cluster;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
  }

  @AfterAll
  static void stop() {
    try {
      var declared = ApiCalls.declared();
      assertThat(cluster.operatorCalls().stream().filter(c -> !ApiCalls.allows(declared, c)))
          .as("API calls the operator made that api-calls.yaml does not declare")
          .isEmpty();
    } finally {
      cluster.close();
    }
  }

  @Test
  void oneReplicaLeadsAndReconciles() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                OperatorSettings.LEADER_ELECTION,
                "true",
                OperatorSettings.LEADER_ELECTION_NAMESPACE,
                LEASE_NAMESPACE));
    try (RunningOperator first = RunningOperator.start(cluster, settings)) {
      Lease lease =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      cluster
                          .client()
                          .leases()
                          .inNamespace(LEASE_NAMESPACE)
                          .withName(settings.leaseName())
                          .get(),
                  l -> l != null && l.getSpec().getHolderIdentity() != null);
      try (RunningOperator second = RunningOperator.start(cluster, settings)) {
        cluster.client().resource(MockGarbageCollector.claim("ml", "datasets")).create();
        cluster.client().resource(TestRuns.manifest("fashion-mlp", "ml")).create();
        TrainingRun run =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () ->
                        cluster
                            .client()
                            .resources(TrainingRun.class)
                            .inNamespace("ml")
                            .withName("fashion-mlp")
                            .get(),
                    r ->
                        r.getStatus() != null
                            && "False/JobCreated"
                                .equals(OperatorIT.condition(r, ConditionTypes.RUNNING)));
        assertThat(run.getStatus().getJobName()).isEqualTo("fashion-mlp");
        assertThat(
                cluster
                    .client()
                    .leases()
                    .inNamespace(LEASE_NAMESPACE)
                    .withName(settings.leaseName())
                    .get()
                    .getSpec()
                    .getHolderIdentity())
            .isEqualTo(lease.getSpec().getHolderIdentity());
        assertThat(first.lostLeadership()).isZero();
        // The metrics are recorded just after the status patch.
        await().atMost(Duration.ofSeconds(30)).until(() -> first.metrics().trackedRuns() == 1);
        assertThat(second.metrics().trackedRuns())
            .as("the waiting replica reconciles nothing")
            .isZero();

        // The leader goes away without releasing the Lease: the other takes over once it expires.
        first.close();
        await().atMost(Duration.ofSeconds(60)).until(() -> second.metrics().trackedRuns() == 1);
        assertThat(
                cluster
                    .client()
                    .leases()
                    .inNamespace(LEASE_NAMESPACE)
                    .withName(settings.leaseName())
                    .get()
                    .getSpec()
                    .getHolderIdentity())
            .isNotEqualTo(lease.getSpec().getHolderIdentity());
      }
    }
  }
}
