package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

/**
 * An API server that refuses the operator's calls, as RBAC, a ResourceQuota or an admission webhook
 * do: the run says which call failed and quotes the server, an Event and the metric say so too, and
 * once the cause is gone the operator's retries find out by themselves.
 */
class ReconcileErrorIT extends OperatorIT {

  static final String QUOTA =
      "jobs.batch \"fashion-mlp\" is forbidden: exceeded quota: gpu-quota, requested:"
          + " requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited:"
          + " requests.nvidia.com/gpu=4";

  @Test
  void aRefusedJobShowsInSyncedAndClearsOnceTheQuotaIsLifted() throws Exception {
    TrainingRun run;
    try (AutoCloseable quota =
        cluster.refuse(
            MockCluster.Refusal.of(
                "POST",
                "/apis/batch/v1/namespaces/" + namespace + "/jobs",
                403,
                "Forbidden",
                QUOTA))) {
      run = createWithClaims(manifest("fashion-mlp"));
      TrainingRun refused =
          awaitCondition("fashion-mlp", ConditionTypes.SYNCED, "False/" + Reasons.RECONCILE_ERROR);
      assertThat(conditionOf(refused, ConditionTypes.SYNCED).getMessage())
          .isEqualTo("creating Job " + namespace + "/fashion-mlp failed: " + QUOTA);
      assertThat(condition(refused, ConditionTypes.ACCEPTED)).isEqualTo("True/SpecValid");
      assertThat(client.batch().v1().jobs().inNamespace(namespace).list().getItems()).isEmpty();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(events("fashion-mlp"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(Reasons.RECONCILE_ERROR);
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains("exceeded quota: gpu-quota");
                        });
                assertThat(operator.registry().scrape())
                    .containsPattern(
                        "plateau_reconcile_errors_total\\{reason=\"Forbidden\"\\} [1-9]");
              });
    }

    TrainingRun synced =
        awaitCondition("fashion-mlp", ConditionTypes.SYNCED, "True/" + Reasons.RECONCILE_SUCCESS);
    assertThat(jobs.awaitJob(namespace, "fashion-mlp")).isNotNull();
    assertThat(synced.getMetadata().getUid()).isEqualTo(run.getMetadata().getUid());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events("fashion-mlp"))
                    .extracting(Event::getReason)
                    .contains(Reasons.RECONCILE_SUCCESS));
  }

  @Test
  void aServerErrorOnTheTrainersRoleNamesTheRole() throws Exception {
    try (AutoCloseable broken =
        cluster.refuse(
            MockCluster.Refusal.of(
                "POST",
                "/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/roles",
                500,
                "InternalError",
                "Internal error occurred: etcdserver: request timed out"))) {
      createWithClaims(manifest("fashion-mlp"));
      TrainingRun refused =
          awaitCondition("fashion-mlp", ConditionTypes.SYNCED, "False/" + Reasons.RECONCILE_ERROR);
      assertThat(conditionOf(refused, ConditionTypes.SYNCED).getMessage())
          .contains(
              "creating Role "
                  + namespace
                  + "/fashion-mlp-trainer failed: Internal error occurred: etcdserver: request"
                  + " timed out");
    }
    awaitCondition("fashion-mlp", ConditionTypes.SYNCED, "True/" + Reasons.RECONCILE_SUCCESS);
    assertThat(jobs.awaitJob(namespace, "fashion-mlp")).isNotNull();
  }
}
