package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

/** The trainer's progress reaches the status; what should not, does not. */
class ProgressChannelIT extends OperatorIT {

  private TrainingRun training(String name) {
    TrainingRun run = createWithClaims(manifest(name));
    jobs.running(jobs.startPod(namespace, name));
    awaitCondition(name, ConditionTypes.RUNNING, "True/Training");
    return run;
  }

  @Test
  void snapshotsFlowIntoTheStatusEpochByEpoch() {
    String uid = training("fashion-mlp").getMetadata().getUid();
    FakeTrainer trainer = new FakeTrainer(client, namespace, "fashion-mlp");
    for (int epoch = 1; epoch <= 3; epoch++) {
      trainer.report(FakeTrainer.snapshot(uid, epoch, 0.5 - 0.1 * epoch, epoch));
      int expected = epoch;
      TrainingRun run =
          awaitRun(
              "fashion-mlp",
              r ->
                  r.getStatus().getProgress() != null
                      && r.getStatus().getProgress().getEpoch() == expected);
      assertThat(run.getStatus().getProgress().getBestMetric()).isEqualTo(0.5 - 0.1 * epoch);
    }
    // The operator never writes the trainer's ConfigMap back.
    ConfigMap progress = get(ConfigMap.class, "fashion-mlp-progress");
    assertThat(progress.getData().get(TrainerPaths.PROGRESS_KEY)).contains("\"epoch\":3");
  }

  @Test
  void malformedAndRegressingSnapshotsAreIgnoredWithAWarning() {
    String uid = training("fashion-mlp").getMetadata().getUid();
    FakeTrainer trainer = new FakeTrainer(client, namespace, "fashion-mlp");
    trainer.report(FakeTrainer.snapshot(uid, 4, 0.3, 4));
    awaitRun(
        "fashion-mlp",
        r -> r.getStatus().getProgress() != null && r.getStatus().getProgress().getEpoch() == 4);

    trainer.reportRaw("{\"epoch\": 5, ");
    await()
        .atMost(WAIT)
        .until(
            () ->
                events("fashion-mlp").stream()
                    .anyMatch(
                        e ->
                            "ProgressIgnored".equals(e.getReason())
                                && e.getMessage().contains("not JSON")));
    trainer.report(FakeTrainer.snapshot(uid, 2, 0.3, 2));
    await()
        .atMost(WAIT)
        .until(
            () ->
                events("fashion-mlp").stream()
                    .anyMatch(
                        e ->
                            "ProgressIgnored".equals(e.getReason())
                                && e.getMessage().contains("behind")));
    trainer.report(FakeTrainer.snapshot("someone-else", 9, 0.1, 9));
    await()
        .atMost(WAIT)
        .until(
            () ->
                events("fashion-mlp").stream()
                    .anyMatch(
                        e ->
                            "ProgressIgnored".equals(e.getReason())
                                && e.getMessage().contains("someone-else")));
    assertThat(events("fashion-mlp"))
        .filteredOn(e -> "ProgressIgnored".equals(e.getReason()))
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .hasSize(3);
    assertThat(get("fashion-mlp").getStatus().getProgress().getEpoch()).isEqualTo(4);
    assertThat(condition(get("fashion-mlp"), ConditionTypes.RUNNING)).isEqualTo("True/Training");

    trainer.report(FakeTrainer.snapshot(uid, 5, 0.25, 5));
    awaitRun("fashion-mlp", r -> r.getStatus().getProgress().getEpoch() == 5);
  }

  @Test
  void deletedProgressConfigMapIsRecreatedAndTheStatusKeepsTheProgress() {
    String uid = training("fashion-mlp").getMetadata().getUid();
    FakeTrainer trainer = new FakeTrainer(client, namespace, "fashion-mlp");
    trainer.report(FakeTrainer.snapshot(uid, 3, 0.3, 3));
    awaitRun(
        "fashion-mlp",
        r -> r.getStatus().getProgress() != null && r.getStatus().getProgress().getEpoch() == 3);

    String before = get(ConfigMap.class, "fashion-mlp-progress").getMetadata().getUid();
    client.configMaps().inNamespace(namespace).withName("fashion-mlp-progress").delete();
    ConfigMap recreated =
        await()
            .atMost(WAIT)
            .until(
                () -> get(ConfigMap.class, "fashion-mlp-progress"),
                cm -> cm != null && !cm.getMetadata().getUid().equals(before));
    assertThat(recreated.getData()).containsEntry(TrainerPaths.PROGRESS_KEY, "{}");
    assertThat(get("fashion-mlp").getStatus().getProgress().getEpoch()).isEqualTo(3);

    trainer.report(FakeTrainer.snapshot(uid, 4, 0.28, 4));
    TrainingRun run = awaitRun("fashion-mlp", r -> r.getStatus().getProgress().getEpoch() == 4);
    assertThat(condition(run, ConditionTypes.RUNNING)).isEqualTo("True/Training");
  }
}
