package dev.plateau.operator.status;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.RunClaims;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;

/**
 * Finds the result of an ended run. The trainer's termination message is the final word; {@code
 * result.json} in the progress ConfigMap comes next; then a result already in the status (the pods
 * may be gone by now); last, one pieced together from the latest snapshot, so a run that ended
 * normally always has a result even when the trainer's last words were lost.
 */
final class RunResults {

  private RunResults() {}

  static TrainingResult resolve(
      TrainingRun run,
      TrainerTermination termination,
      ConfigMap progressConfigMap,
      TrainingResult previous,
      ProgressSnapshot snapshot) {
    if (termination != null
        && termination.parsed() != null
        && termination.parsed().result() != null) {
      return termination.parsed().result();
    }
    TrainingResult fromConfigMap = fromConfigMap(progressConfigMap);
    if (fromConfigMap != null) {
      return fromConfigMap;
    }
    if (previous != null) {
      return previous;
    }
    return fromSnapshot(run, snapshot);
  }

  private static TrainingResult fromConfigMap(ConfigMap configMap) {
    Map<String, String> data = configMap == null ? null : configMap.getData();
    String text = data == null ? null : data.get(TrainerPaths.RESULT_KEY);
    if (text == null
        || text.isBlank()
        || text.length() > ProgressSnapshots.MAX_BYTES
        || !text.strip().startsWith("{")) {
      return null;
    }
    try {
      return ContractJson.read(text, TrainingResult.class);
    } catch (IllegalArgumentException e) {
      // A result.json the trainer botched is no worse than none: the snapshot still speaks.
      return null;
    }
  }

  static TrainingResult fromSnapshot(TrainingRun run, ProgressSnapshot snapshot) {
    EarlyStoppingSpec earlyStopping =
        run.getSpec().getEarlyStopping() == null
            ? new EarlyStoppingSpec()
            : run.getSpec().getEarlyStopping();
    TrainingResult result = new TrainingResult();
    result.setMonitor(earlyStopping.monitorOrDefault());
    result.setMode(earlyStopping.resolvedMode());
    result.setStopReason(stopReasonFromSnapshot(run, snapshot));
    if (snapshot != null) {
      result.setEpochs(snapshot.getEpoch());
      result.setBestEpoch(snapshot.getBestEpoch());
      result.setBestMetric(snapshot.getBestMetric());
    }
    if (result.getBestEpoch() != null) {
      result.setBestCheckpoint(
          new CheckpointRef(
              RunClaims.checkpoints(run),
              run.getMetadata().getName() + "/" + TrainerPaths.BEST_DIR));
    }
    result.setMessage("pieced together from the last progress report");
    return result;
  }

  /** A trainer that exited 0 either ran out of epochs or stopped early. */
  private static StopReason stopReasonFromSnapshot(TrainingRun run, ProgressSnapshot snapshot) {
    if (snapshot == null || snapshot.getEpoch() == null) {
      return StopReason.EarlyStopped;
    }
    Integer maxEpochs =
        snapshot.getMaxEpochs() != null
            ? snapshot.getMaxEpochs()
            : run.getSpec().getTraining() == null
                ? null
                : run.getSpec().getTraining().maxEpochsOrDefault();
    return maxEpochs != null && snapshot.getEpoch() >= maxEpochs
        ? StopReason.MaxEpochsReached
        : StopReason.EarlyStopped;
  }
}
