package dev.plateau.operator.status;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.Lineage;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.validation.Violation;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.TestRuns;
import dev.plateau.operator.dependent.TrainerJobDependentResource;
import dev.plateau.operator.it.TrainerPodStates;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A run and what the operator could observe of it, built up step by step for the status tables. */
final class RunWorld {

  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  TrainingRun run = TestRuns.run();
  List<Violation> violations = new ArrayList<>();
  Job job;
  List<Pod> pods = new ArrayList<>();
  Map<String, String> progressData;
  List<String> missingClaims = new ArrayList<>();

  static RunWorld of() {
    return new RunWorld();
  }

  RunWorld run(UnaryOperator<TrainingRun> edit) {
    run = edit.apply(run);
    return this;
  }

  RunWorld invalid(String field, String message) {
    violations.add(new Violation(field, message));
    return this;
  }

  RunWorld job() {
    job = new TrainerJobDependentResource(OperatorSettings.defaults()).desired(run);
    job.getMetadata().setUid("job-uid");
    job = TrainerPodStates.counted(job, 0, 0, 0, T0);
    return this;
  }

  RunWorld job(UnaryOperator<Job> edit) {
    job = edit.apply(job);
    return this;
  }

  RunWorld jobCondition(String type, String reason) {
    job =
        TrainerPodStates.withCondition(job, type, reason, type + " " + reason, T0.plusSeconds(60));
    return this;
  }

  /** Adds the Job's next pod, edited. */
  RunWorld pod(UnaryOperator<Pod> edit) {
    Pod pod =
        TrainerPodStates.podFor(job, "fashion-mlp-" + pods.size(), T0.plusSeconds(pods.size()));
    pods.add(edit.apply(pod));
    if ("Failed".equals(pods.get(pods.size() - 1).getStatus().getPhase())) {
      job.getStatus().setFailed(job.getStatus().getFailed() + 1);
    }
    return this;
  }

  RunWorld progress(ProgressSnapshot snapshot) {
    return progressJson(ContractJson.write(snapshot));
  }

  RunWorld progressJson(String json) {
    progressData = new LinkedHashMap<>(progressData == null ? Map.of() : progressData);
    progressData.put(TrainerPaths.PROGRESS_KEY, json);
    return this;
  }

  /** A stop request in the progress ConfigMap, written {@code seconds} after T0. */
  RunWorld stopRequest(String reason, String message, long seconds) {
    progressData = new LinkedHashMap<>(progressData == null ? Map.of() : progressData);
    progressData.put(
        TrainerPaths.STOP_KEY,
        ContractJson.write(
            new dev.plateau.api.contract.StopRequest(
                reason, message, T0.plusSeconds(seconds).toString())));
    return this;
  }

  RunWorld resultJson(TrainingResult result) {
    progressData = new LinkedHashMap<>(progressData == null ? Map.of() : progressData);
    progressData.put(TrainerPaths.RESULT_KEY, ContractJson.write(result));
    return this;
  }

  RunWorld missing(String claim) {
    missingClaims.add(claim);
    return this;
  }

  Observed observed() {
    ConfigMap progress =
        progressData == null
            ? null
            : new ConfigMapBuilder()
                .withNewMetadata()
                .withName("fashion-mlp-progress")
                .withResourceVersion("7")
                .endMetadata()
                .withData(progressData)
                .build();
    return new Observed(
        violations,
        job,
        pods,
        progress,
        missingClaims,
        new Lineage("img", "0.1.0", "abc"),
        java.time.Duration.ofSeconds(120));
  }

  /** Computes the status at {@code T0 + seconds} and stores it in the run, as the patch would. */
  StatusUpdate compute(long seconds) {
    return compute(seconds, null);
  }

  /** As {@link #compute(long)} after a pass that failed with {@code error} (null: succeeded). */
  StatusUpdate compute(long seconds, ReconcileError error) {
    StatusUpdate update =
        StatusCalculator.compute(
            run,
            observed(),
            java.time.Clock.fixed(T0.plusSeconds(seconds), java.time.ZoneOffset.UTC),
            error);
    run.setStatus(update.status());
    return update;
  }

  static ProgressSnapshot snapshot(String uid, int epoch) {
    ProgressSnapshot snapshot = new ProgressSnapshot();
    snapshot.setRunUid(uid);
    snapshot.setEpoch(epoch);
    snapshot.setMaxEpochs(30);
    snapshot.setValLoss(1.0 / (epoch + 1));
    snapshot.setBestEpoch(epoch);
    snapshot.setBestMetric(1.0 / (epoch + 1));
    snapshot.setEpochsSinceImprovement(0);
    snapshot.setPatience(4);
    return snapshot;
  }

  ProgressSnapshot snapshot(int epoch) {
    return snapshot(run.getMetadata().getUid(), epoch);
  }

  static String termination(String reason, String message, TrainingResult result) {
    return ContractJson.write(new TerminationMessage(reason, message, result));
  }
}
