package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How runs end: normally, on the trainer's verdict, by the Job's limits, or by a lost Job. */
class TrainingRunEndingsIT extends OperatorIT {

  static TrainingResult earlyStopped() {
    TrainingResult result = new TrainingResult();
    result.setStopReason(StopReason.EarlyStopped);
    result.setEpochs(11);
    result.setBestEpoch(7);
    result.setBestMetric(0.312);
    result.setMonitor(Monitor.VAL_LOSS);
    result.setBestCheckpoint(new CheckpointRef("fashion-mlp-checkpoints", "fashion-mlp/best"));
    return result;
  }

  @Test
  void stopsEarlyAndKeepsTheTrainersResult() {
    createWithClaims(manifest("fashion-mlp"));
    Pod pod = jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    jobs.finish(
        pod, 0, "Completed", FakeTrainer.termination("EarlyStopped", "stopped", earlyStopped()));
    TrainingRun done = awaitCondition("fashion-mlp", ConditionTypes.COMPLETE, "True/EarlyStopped");
    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(done, ConditionTypes.RUNNING)).isEqualTo("False/Ended");
    assertThat(condition(done, ConditionTypes.FAILED)).isEqualTo("False/EarlyStopped");
    assertThat(done.getStatus().getResult().getBestEpoch()).isEqualTo(7);
    assertThat(done.getStatus().getResult().getBestCheckpoint().getPath())
        .isEqualTo("fashion-mlp/best");
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    // Events are recorded just after the status patch.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events("fashion-mlp"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("EarlyStopped");
                          assertThat(e.getType()).isEqualTo("Normal");
                        }));
  }

  @Test
  void invalidInputFailsAtOnceWithTheTrainersMessage() {
    createWithClaims(manifest("fashion-mlp"));
    Pod pod = jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    jobs.finish(
        pod,
        2,
        "Error",
        FakeTrainer.termination(
            "InvalidInput", "no train-images-idx3-ubyte under /data/fashion-mnist", null));
    TrainingRun failed = awaitCondition("fashion-mlp", ConditionTypes.FAILED, "True/InvalidInput");
    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(conditionOf(failed, ConditionTypes.FAILED).getMessage())
        .isEqualTo("no train-images-idx3-ubyte under /data/fashion-mnist");
    assertThat(failed.getStatus().getResult()).isNull();
    // Events are recorded just after the status patch.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events("fashion-mlp"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("InvalidInput");
                          assertThat(e.getType()).isEqualTo("Warning");
                        }));
  }

  @Test
  void retriesThenExceedsTheBackoffLimit() {
    createWithClaims(manifest("fashion-mlp")); // backoffLimit: 2
    jobs.finish(jobs.running(jobs.startPod(namespace, "fashion-mlp")), 1, "Error", "boom 1");
    TrainingRun retrying = awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/Retrying");
    assertThat(retrying.getStatus().getAttempt()).isEqualTo(2);
    jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "True/Training");
    jobs.finish(
        jobs.podsOf(job()).stream()
            .filter(p -> "Running".equals(p.getStatus().getPhase()))
            .findFirst()
            .orElseThrow(),
        137,
        "OOMKilled",
        null);
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/OOMKilled");
    Job failedJob =
        jobs.finish(jobs.running(jobs.startPod(namespace, "fashion-mlp")), 1, "Error", "boom 3");
    assertThat(failedJob.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded"));
    TrainingRun failed =
        awaitCondition("fashion-mlp", ConditionTypes.FAILED, "True/BackoffLimitExceeded");
    assertThat(conditionOf(failed, ConditionTypes.FAILED).getMessage())
        .contains("3 trainer pods failed")
        .contains("boom 3");
    assertThat(failed.getStatus().getAttempt()).isEqualTo(3);
  }

  @Test
  void deadlineExceeded() {
    TrainingRun run = manifest("fashion-mlp");
    run.getSpec().getRunPolicy().setActiveDeadlineSeconds(600L);
    createWithClaims(run);
    Pod pod = jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    assertThat(jobs.awaitJob(namespace, "fashion-mlp").getSpec().getActiveDeadlineSeconds())
        .isEqualTo(600L);
    jobs.exceedDeadline(pod);
    TrainingRun failed =
        awaitCondition("fashion-mlp", ConditionTypes.FAILED, "True/DeadlineExceeded");
    assertThat(conditionOf(failed, ConditionTypes.FAILED).getMessage()).contains("600");
  }

  @Test
  void jobDeletedFromOutsideFailsTheRunAndIsNotRecreated() {
    createWithClaims(manifest("fashion-mlp"));
    jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "True/Training");
    client.resource(job()).delete();
    TrainingRun failed = awaitCondition("fashion-mlp", ConditionTypes.FAILED, "True/JobDeleted");
    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
    // Touch the run: still no new Job.
    edit("fashion-mlp", r -> r.getSpec().getRunPolicy().setBackoffLimit(5));
    awaitRun("fashion-mlp", r -> r.getStatus().getObservedGeneration() == 2L);
    assertThat(client.batch().v1().jobs().inNamespace(namespace).list().getItems()).isEmpty();
  }

  @Test
  void jobRemovedAfterTheEndLeavesTheStatusAlone() {
    createWithClaims(manifest("fashion-mlp"));
    Pod pod = jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    jobs.finish(
        pod, 0, "Completed", FakeTrainer.termination("EarlyStopped", "stopped", earlyStopped()));
    TrainingRun done = awaitCondition("fashion-mlp", ConditionTypes.COMPLETE, "True/EarlyStopped");
    // ttlSecondsAfterFinished: Kubernetes deletes the Job and its pods.
    client.resource(job()).delete();
    client.pods().inNamespace(namespace).delete();
    edit("fashion-mlp", r -> r.getSpec().getRunPolicy().setTtlSecondsAfterFinished(60));
    TrainingRun after = awaitRun("fashion-mlp", r -> r.getStatus().getObservedGeneration() == 2L);
    assertThat(condition(after, ConditionTypes.COMPLETE)).isEqualTo("True/EarlyStopped");
    assertThat(after.getStatus().getResult().getBestEpoch()).isEqualTo(7);
    assertThat(after.getStatus().getCompletionTime())
        .isEqualTo(done.getStatus().getCompletionTime());
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(() -> client.batch().v1().jobs().inNamespace(namespace).list().getItems().isEmpty());
  }

  private Job job() {
    return jobs.job(namespace, "fashion-mlp");
  }
}
