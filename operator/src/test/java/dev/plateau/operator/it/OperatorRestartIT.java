package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

/** An operator restart mid-run (an upgrade, a rescheduled pod, a leader change). */
class OperatorRestartIT extends OperatorIT {

  @Test
  void aNewOperatorTakesOverWithoutASecondJob() {
    String uid = createWithClaims(manifest("fashion-mlp")).getMetadata().getUid();
    Pod pod = jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    FakeTrainer trainer = new FakeTrainer(client, namespace, "fashion-mlp");
    trainer.report(FakeTrainer.snapshot(uid, 2, 0.4, 2));
    TrainingRun before =
        awaitRun(
            "fashion-mlp",
            r ->
                r.getStatus().getProgress() != null
                    && r.getStatus().getProgress().getEpoch() == 2
                    && "True/Training".equals(condition(r, ConditionTypes.RUNNING)));
    Job job = get(Job.class, "fashion-mlp");

    operator.close();
    // While no operator runs, the trainer goes on.
    trainer.report(FakeTrainer.snapshot(uid, 3, 0.35, 3));
    operator = RunningOperator.start(cluster);

    TrainingRun after = awaitRun("fashion-mlp", r -> r.getStatus().getProgress().getEpoch() == 3);
    assertThat(client.batch().v1().jobs().inNamespace(namespace).list().getItems())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.getMetadata().getUid()).isEqualTo(job.getMetadata().getUid());
              assertThat(j.getMetadata().getResourceVersion())
                  .isEqualTo(job.getMetadata().getResourceVersion());
            });
    assertThat(condition(after, ConditionTypes.RUNNING)).isEqualTo("True/Training");
    assertThat(conditionOf(after, ConditionTypes.ACCEPTED).getLastTransitionTime())
        .isEqualTo(conditionOf(before, ConditionTypes.ACCEPTED).getLastTransitionTime());
    assertThat(after.getStatus().getStartTime()).isEqualTo(before.getStatus().getStartTime());

    jobs.finish(pod, 0, "Completed", null);
    TrainingRun done = awaitCondition("fashion-mlp", ConditionTypes.COMPLETE, "True/EarlyStopped");
    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(done.getStatus().getResult().getBestEpoch()).isEqualTo(3);
  }
}
