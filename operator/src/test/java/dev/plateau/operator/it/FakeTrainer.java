package dev.plateau.operator.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Reports as a trainer does over the progress channel: one JSON merge patch of the {@code
 * <run>-progress} ConfigMap per snapshot, the only write its Role allows.
 */
final class FakeTrainer {

  private final KubernetesClient client;
  private final String namespace;
  private final String run;

  FakeTrainer(KubernetesClient client, String namespace, String run) {
    this.client = client;
    this.namespace = namespace;
    this.run = run;
  }

  void report(ProgressSnapshot snapshot) {
    reportRaw(ContractJson.write(snapshot));
  }

  /** Patches {@code progress.json} with any text, valid or not. */
  void reportRaw(String progressJson) {
    patch(TrainerPaths.PROGRESS_KEY, progressJson);
  }

  void reportResult(TrainingResult result) {
    patch(TrainerPaths.RESULT_KEY, ContractJson.write(result));
  }

  private void patch(String key, String value) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("data").put(key, value);
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(RunNames.progressConfigMap(run))
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }

  static ProgressSnapshot snapshot(String runUid, int epoch, double bestMetric, int bestEpoch) {
    ProgressSnapshot snapshot = new ProgressSnapshot();
    snapshot.setRunUid(runUid);
    snapshot.setEpoch(epoch);
    snapshot.setMaxEpochs(30);
    snapshot.setValLoss(bestMetric + 0.01 * (epoch - bestEpoch));
    snapshot.setBestEpoch(bestEpoch);
    snapshot.setBestMetric(bestMetric);
    snapshot.setEpochsSinceImprovement(epoch - bestEpoch);
    snapshot.setPatience(4);
    snapshot.setMonitor(Monitor.VAL_LOSS);
    snapshot.setMode(Mode.MIN);
    snapshot.setMonitorValue(snapshot.getValLoss());
    return snapshot;
  }

  static String termination(String reason, String message, TrainingResult result) {
    return ContractJson.write(new TerminationMessage(reason, message, result));
  }
}
