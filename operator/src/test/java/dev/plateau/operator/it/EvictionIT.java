package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * cases/O-3: a trainer pod evicted (node drain: DisruptionTarget=True, SIGTERM, exit 143 after
 * saving last/). The Job's podFailurePolicy ignores it (status.failed is not incremented) and
 * starts another pod. Expected: the run is never Failed, it trains again, and the eviction is not
 * reported as a failed attempt.
 */
class EvictionIT extends OperatorIT {

  @Test
  void evictedPodIsNotAFailedAttempt() {
    TrainingRun run = manifest("fashion-mlp");
    run.getSpec().getRunPolicy().setBackoffLimit(0);
    createWithClaims(run);
    Pod pod = jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "True/Training");
    // The kubelet/eviction API: DisruptionTarget, then the trainer exits 143 on SIGTERM.
    jobs.update(
        pod,
        p ->
            new PodBuilder(
                    TrainerPodStates.terminated(
                        p,
                        143,
                        "Error",
                        "{\"reason\":\"Interrupted\",\"message\":\"stopped on SIGTERM; last/ saved\"}",
                        Instant.now()))
                .editStatus()
                .addToConditions(
                    new PodConditionBuilder()
                        .withType("DisruptionTarget")
                        .withStatus("True")
                        .withReason("EvictionByEvictionAPI")
                        .withMessage("Eviction API: evicting")
                        .build())
                .withReason("Evicted")
                .endStatus()
                .build());
    // podFailurePolicy Ignore: the Job does not count it (status.failed stays 0).
    TrainingRun between =
        awaitRun(
            "fashion-mlp",
            r ->
                r.getStatus() != null
                    && r.getStatus().getConditions() != null
                    && !"True/Training".equals(condition(r, ConditionTypes.RUNNING)));
    assertThat(condition(between, ConditionTypes.RUNNING)).isEqualTo("False/Disrupted");
    assertThat(conditionOf(between, ConditionTypes.RUNNING).getMessage())
        .contains("was evicted or preempted (EvictionByEvictionAPI)")
        .contains("not a failed attempt: the next pod resumes from last/");
    assertThat(between.getStatus().getAttempt()).isEqualTo(1);
    jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    TrainingRun again = awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "True/Training");
    assertThat(conditionOf(again, ConditionTypes.RUNNING).getMessage())
        .isEqualTo("the trainer is training (attempt 1)");
    assertThat(condition(again, ConditionTypes.FAILED)).doesNotStartWith("True");
    assertThat(again.getStatus().getAttempt())
        .as("an eviction is not a failed attempt")
        .isEqualTo(1);
  }
}
