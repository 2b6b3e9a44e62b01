package dev.plateau.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shapes the operator and the trainer exchange survive a trip through JSON unchanged. */
class ContractRoundTripTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static final String MINIMAL =
      """
      apiVersion: plateau.dev/v1alpha1
      kind: TrainingRun
      metadata: {name: fashion-mlp}
      spec:
        model: {architecture: mlp}
        dataset: {format: idx, claimName: datasets, path: fashion-mnist}
        earlyStopping: {monitor: val_accuracy, patience: 3}
        checkpoints: {size: 1Gi}
        resources: {limits: {cpu: 1500m, memory: 4Gi}}
      """;

  static TrainingRun minimalRun() throws Exception {
    return YAML.readValue(MINIMAL, TrainingRun.class);
  }

  static <T> void assertRoundTrips(T value, Class<T> type) {
    String json = ContractJson.write(value);
    T back = ContractJson.read(json, type);
    assertThat(ContractJson.write(back)).isEqualTo(json);
  }

  @Test
  void trainerConfigIsRenderedFromTheSpecWithTheModeResolved() throws Exception {
    TrainerConfig config = TrainerConfig.fromSpec("fashion-mlp", minimalRun().getSpec());

    assertThat(config.getEarlyStopping().getMode()).isEqualTo(Mode.MAX);
    assertThat(config.getEarlyStopping().patienceOrDefault()).isEqualTo(3);
    assertThat(config.getCpuThreads()).as("1500m rounds up to 2 threads").isEqualTo(2);
    assertThat(config.getGpus()).isZero();
    assertThat(config.getCheckpointClaim()).isEqualTo("fashion-mlp-checkpoints");
    assertThat(config.getTraining().maxEpochsOrDefault()).isEqualTo(50);
    assertRoundTrips(config, TrainerConfig.class);
  }

  @Test
  void renderingDoesNotChangeTheRunsSpec() throws Exception {
    TrainingRun run = minimalRun();
    TrainerConfig.fromSpec("fashion-mlp", run.getSpec());
    assertThat(run.getSpec().getEarlyStopping().getMode()).isNull();
  }

  static ProgressSnapshot snapshot() {
    ProgressSnapshot p = new ProgressSnapshot();
    p.setRunUid("0b5c-uid");
    p.setEpoch(7);
    p.setMaxEpochs(40);
    p.setStep(12);
    p.setStepsPerEpoch(422);
    p.setTrainLoss(0.31);
    p.setValLoss(0.33);
    p.setValAccuracy(0.881);
    p.setLearningRate(0.001);
    p.setEpochSeconds(4.2);
    p.setSamplesPerSecond(12857.0);
    p.setMonitor(Monitor.VAL_LOSS);
    p.setMode(Mode.MIN);
    p.setMonitorValue(0.33);
    p.setBestEpoch(6);
    p.setBestMetric(0.329);
    p.setEpochsSinceImprovement(1);
    p.setPatience(4);
    p.setUpdatedAt("2026-11-27T15:00:00Z");
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 1; e <= ProgressSnapshot.HISTORY_LIMIT; e++) {
      EpochRecord r = new EpochRecord();
      r.setEpoch(e);
      r.setTrainLoss(0.5 / e);
      r.setValLoss(0.55 / e);
      r.setValAccuracy(0.8 + e / 1000.0);
      r.setLearningRate(0.001);
      r.setEpochSeconds(4.0);
      r.setSamplesPerSecond(13500.0);
      r.setImproved(e % 2 == 0);
      r.setEpochsSinceImprovement(e % 2);
      r.setTime("2026-11-27T15:00:0" + (e % 10) + "Z");
      history.add(r);
    }
    p.setHistory(history);
    return p;
  }

  @Test
  void progressSnapshotRoundTripsAndStaysSmall() {
    ProgressSnapshot snapshot = snapshot();
    assertRoundTrips(snapshot, ProgressSnapshot.class);
    String json = ContractJson.write(snapshot);
    assertThat(json).contains("\"monitor\":\"val_loss\"", "\"mode\":\"min\"");
    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .as("a full snapshot fits easily in a ConfigMap patch")
        .isLessThan(8 * 1024);
  }

  @Test
  void metricsRecordCarriesThroughput() {
    EpochRecord record = snapshot().getHistory().get(0);
    String line = ContractJson.write(record);
    assertThat(line).contains("\"epochSeconds\":4.0", "\"samplesPerSecond\":13500.0");
    assertThat(line).doesNotContain("\n");
    assertRoundTrips(record, EpochRecord.class);
  }

  static TrainingResult result() {
    TrainingResult r = new TrainingResult();
    r.setStopReason(StopReason.EarlyStopped);
    r.setEpochs(16);
    r.setMonitor(Monitor.VAL_LOSS);
    r.setMode(Mode.MIN);
    r.setBestEpoch(12);
    r.setBestMetric(0.3475);
    r.setTestAccuracy(0.8842);
    r.setTestLoss(0.33);
    r.setBestCheckpoint(new CheckpointRef("fashion-mlp-checkpoints", "fashion-mlp/best"));
    r.setMessage("stopped at epoch 16: val_loss did not improve by more than 0.001 for 4 epochs");
    return r;
  }

  @Test
  void resultRoundTripsAsStatusAndFile() {
    assertRoundTrips(result(), TrainingResult.class);
    assertThat(ContractJson.write(result())).contains("\"stopReason\":\"EarlyStopped\"");
  }

  @Test
  void terminationMessageFitsInFourKibibytes() {
    TerminationMessage message =
        new TerminationMessage(StopReason.EarlyStopped.name(), result().getMessage(), result());
    String json = ContractJson.write(message);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThan(TerminationMessage.MAX_BYTES);
    assertRoundTrips(message, TerminationMessage.class);
  }

  @Test
  void earlyStoppingStateRoundTrips() {
    assertRoundTrips(new EarlyStoppingState(0.3475, 12, 2, 14), EarlyStoppingState.class);
    assertRoundTrips(EarlyStoppingState.INITIAL, EarlyStoppingState.class);
  }

  @Test
  void nonFiniteValuesBecomeAbsent() {
    assertThat(ContractJson.finiteOrNull(Double.NaN)).isNull();
    assertThat(ContractJson.finiteOrNull(Double.POSITIVE_INFINITY)).isNull();
    assertThat(ContractJson.finiteOrNull(0.5)).isEqualTo(0.5);
  }

  @Test
  void malformedJsonSaysWhatItExpected() {
    assertThatThrownBy(() -> ContractJson.read("{\"epoch\": \"seven\"", ProgressSnapshot.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid ProgressSnapshot");
  }

  @Test
  void namesOfTheRunsObjects() {
    assertThat(RunNames.job("r")).isEqualTo("r");
    assertThat(RunNames.configMap("r")).isEqualTo("r-config");
    assertThat(RunNames.progressConfigMap("r")).isEqualTo("r-progress");
    assertThat(RunNames.serviceAccount("r")).isEqualTo("r-trainer");
    assertThat(RunNames.checkpointClaim("r")).isEqualTo("r-checkpoints");
    assertThat(TrainerPaths.CONFIG_FILE).isEqualTo("/etc/plateau/config.json");
    assertThat(ExitCodes.INVALID_INPUT).isEqualTo(2);
    assertThat(ExitCodes.NON_FINITE_METRIC).isEqualTo(3);
  }
}
