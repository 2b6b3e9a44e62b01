package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.v1alpha1.EnforcedBy;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.TestRuns;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stop requests on the mock API server with the real operator and a 2-second grace period: early
 * stopping the operator enforces for a trainer that only reports, a trainer that honours the
 * request, and one that ignores it (the operator ends the run and deletes its Job).
 */
class StopRequestIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String NAMESPACE = "stops";

  static MockCluster cluster;
  static RunningOperator operator;
  static KubernetesClient client;
  static JobControllerStandIn jobs;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    client = cluster.client();
    jobs = new JobControllerStandIn(client);
    operator =
        RunningOperator.start(
            cluster, OperatorSettings.defaults().withStopGracePeriod(Duration.ofSeconds(2)));
    client.resource(MockGarbageCollector.claim(NAMESPACE, "datasets")).create();
  }

  @AfterAll
  static void stop() {
    try {
      operator.close();
      var declared = ApiCalls.declared();
      assertThat(cluster.operatorCalls().stream().filter(c -> !ApiCalls.allows(declared, c)))
          .as("API calls the operator made that api-calls.yaml does not declare")
          .isEmpty();
    } finally {
      cluster.close();
    }
  }

  static TrainingRun create(String name, boolean operatorEnforces) {
    TrainingRun run = TestRuns.manifest(name, NAMESPACE);
    if (operatorEnforces) {
      run.getSpec().getEarlyStopping().setEnforcedBy(EnforcedBy.OPERATOR);
    }
    return client.resource(run).create();
  }

  /** Reports epochs 1..n of val_loss values, as a trainer that only reports would. */
  static void report(String run, double... valLosses) {
    ProgressSnapshot s = new ProgressSnapshot();
    s.setRunUid(get(run).getMetadata().getUid());
    s.setEpoch(valLosses.length);
    s.setMaxEpochs(30);
    s.setMonitor(Monitor.VAL_LOSS);
    s.setValLoss(valLosses[valLosses.length - 1]);
    s.setMonitorValue(s.getValLoss());
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 1; e <= valLosses.length; e++) {
      EpochRecord r = new EpochRecord();
      r.setEpoch(e);
      r.setValLoss(valLosses[e - 1]);
      history.add(r);
    }
    s.setHistory(history);
    s.setBestEpoch(1);
    s.setBestMetric(valLosses[0]);
    new FakeTrainer(client, NAMESPACE, run).report(s);
  }

  static TrainingRun get(String name) {
    return client.resources(TrainingRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  static Optional<StopRequest> stopRequest(String run) {
    ConfigMap cm =
        client.configMaps().inNamespace(NAMESPACE).withName(RunNames.progressConfigMap(run)).get();
    return Optional.ofNullable(
            cm == null || cm.getData() == null ? null : cm.getData().get(TrainerPaths.STOP_KEY))
        .map(json -> ContractJson.read(json, StopRequest.class));
  }

  static TrainingRun awaitRun(String name, Predicate<TrainingRun> condition) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> get(name), r -> r != null && r.getStatus() != null && condition.test(r));
  }

  static String condition(TrainingRun run, String type) {
    return Conditions.find(run.getStatus().getConditions(), type)
        .map(c -> c.getStatus() + "/" + c.getReason())
        .orElse("absent");
  }

  @Test
  void theOperatorStopsATrainerThatOnlyReportsWhenPatienceRunsOut() {
    create("reports-only", true);
    Pod pod = jobs.running(jobs.startPod(NAMESPACE, "reports-only"));
    // patience 4: epoch 1 is the best, 2 to 4 are not: no request yet.
    report("reports-only", 0.5, 0.6, 0.7, 0.8);
    awaitRun(
        "reports-only",
        r ->
            r.getStatus().getEarlyStopping() != null
                && r.getStatus().getEarlyStopping().getLastEpoch() == 4);
    assertThat(stopRequest("reports-only")).isEmpty();
    report("reports-only", 0.5, 0.6, 0.7, 0.8, 0.9);
    StopRequest request =
        await().atMost(WAIT).until(() -> stopRequest("reports-only"), Optional::isPresent).get();
    assertThat(request.reason()).isEqualTo("EarlyStopped");
    assertThat(request.message()).startsWith("early stopping enforced by the operator: val_loss");
    // The trainer reads it and ends as asked.
    TrainingResult result = new TrainingResult();
    result.setStopReason(StopReason.EarlyStopped);
    result.setEpochs(5);
    result.setBestEpoch(1);
    result.setBestMetric(0.5);
    result.setMonitor(Monitor.VAL_LOSS);
    jobs.finish(pod, 0, "Completed", FakeTrainer.termination("EarlyStopped", "asked", result));
    TrainingRun done =
        awaitRun(
            "reports-only", r -> "True/EarlyStopped".equals(condition(r, ConditionTypes.COMPLETE)));
    assertThat(done.getStatus().getStopRequest().getReason()).isEqualTo("EarlyStopped");
    assertThat(done.getStatus().getStopRequest().getEnforcedAt()).isNull();
    assertThat(jobs.job(NAMESPACE, "reports-only")).as("the Job is left to its TTL").isNotNull();
  }

  @Test
  void aTrainerThatIgnoresTheRequestIsEndedAndItsJobDeleted() {
    create("deaf", true);
    jobs.running(jobs.startPod(NAMESPACE, "deaf"));
    report("deaf", 0.5, 0.6, 0.7, 0.8, 0.9);
    await().atMost(WAIT).until(() -> stopRequest("deaf"), Optional::isPresent);
    // Nothing happens for the grace period (2 s); the operator wakes itself up to end the run.
    TrainingRun ended =
        awaitRun("deaf", r -> "True/EarlyStopped".equals(condition(r, ConditionTypes.COMPLETE)));
    assertThat(ended.getStatus().getStopRequest().getEnforcedAt()).isNotNull();
    assertThat(ended.getStatus().getResult().getStopReason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(ended.getStatus().getResult().getMessage())
        .startsWith("the trainer did not stop within 2 s of the stop request");
    await().atMost(WAIT).until(() -> jobs.job(NAMESPACE, "deaf") == null);
    // The Job is gone: the run stays ended as the operator ended it, not JobDeleted.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> "True/EarlyStopped".equals(condition(get("deaf"), ConditionTypes.COMPLETE)));
  }
}
