package dev.plateau.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressEta;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressSnapshotsTest {

  static final String UID = "uid-1";

  static ConfigMap configMap(String progressJson) {
    return new ConfigMapBuilder().addToData(TrainerPaths.PROGRESS_KEY, progressJson).build();
  }

  static ProgressSnapshot previous(int epoch) {
    return RunWorld.snapshot(UID, epoch);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON              | {\"epoch\": 3,                                   | not JSON",
        "not an object         | [1, 2, 3]                                        | not a JSON object",
        "wrong type            | {\"runUid\": \"uid-1\", \"epoch\": \"three\"}    | not a progress snapshot",
        "another run           | {\"runUid\": \"uid-2\", \"epoch\": 3}            | not this run's uid-1",
        "no run UID            | {\"epoch\": 3}                                   | not this run's uid-1",
        "no epoch              | {\"runUid\": \"uid-1\"}                          | epoch missing",
        "going back            | {\"runUid\": \"uid-1\", \"epoch\": 1}            | epoch 1 is behind the status's 2",
      })
  void rejected(String name, String json, String why) {
    var reading = ProgressSnapshots.read(configMap(json), UID, previous(2), 0);
    assertThat(reading.snapshot()).isNull();
    assertThat(reading.rejection()).startsWith("progress.json ignored: ").contains(why);
  }

  @Test
  void oversizedIsRejectedUnread() {
    String json = "{\"runUid\": \"uid-1\", \"epoch\": 3, \"pad\": \"" + "x".repeat(17_000) + "\"}";
    assertThat(ProgressSnapshots.read(configMap(json), UID, null, 0).rejection())
        .contains("more than the 16384 allowed");
  }

  @Test
  void emptyOrMissingIsNoSnapshotAndNoComplaint() {
    for (ConfigMap cm : List.of(configMap("{}"), configMap(" "), new ConfigMap())) {
      var reading = ProgressSnapshots.read(cm, UID, null, 0);
      assertThat(reading.snapshot()).isNull();
      assertThat(reading.rejection()).isNull();
    }
    assertThat(ProgressSnapshots.read(null, UID, null, 0).rejection()).isNull();
  }

  @Test
  void sameEpochLaterInTheEpochIsAccepted() {
    ProgressSnapshot snapshot = previous(2);
    snapshot.setStep(40);
    var reading =
        ProgressSnapshots.read(configMap(ContractJson.write(snapshot)), UID, previous(2), 0);
    assertThat(reading.snapshot().getStep()).isEqualTo(40);
  }

  @Test
  void nonFiniteNumbersAreDropped() {
    String json =
        "{\"runUid\": \"uid-1\", \"epoch\": 3, \"valLoss\": NaN, \"trainLoss\": 0.5,"
            + " \"history\": [{\"epoch\": 3, \"valLoss\": Infinity}]}";
    var snapshot = ProgressSnapshots.read(configMap(json), UID, null, 0).snapshot();
    assertThat(snapshot.getValLoss()).isNull();
    assertThat(snapshot.getTrainLoss()).isEqualTo(0.5);
    assertThat(snapshot.getHistory().get(0).getValLoss()).isNull();
  }

  @Test
  void longHistoryKeepsTheNewestTwenty() {
    ProgressSnapshot snapshot = previous(30);
    List<EpochRecord> history = new ArrayList<>();
    for (int epoch = 1; epoch <= 30; epoch++) {
      EpochRecord record = new EpochRecord();
      record.setEpoch(epoch);
      history.add(record);
    }
    snapshot.setHistory(history);
    var kept =
        ProgressSnapshots.read(configMap(ContractJson.write(snapshot)), UID, null, 0)
            .snapshot()
            .getHistory();
    assertThat(kept).hasSize(ProgressSnapshot.HISTORY_LIMIT);
    assertThat(kept.get(0).getEpoch()).isEqualTo(11);
    assertThat(kept.get(19).getEpoch()).isEqualTo(30);
  }

  @Test
  void theOperatorsEtaReplacesTheTrainers() {
    ProgressSnapshot snapshot = previous(5);
    snapshot.setEpochSeconds(2.0);
    snapshot.setEpochsSinceImprovement(1);
    snapshot.setUpdatedAt("2026-11-30T12:00:00Z");
    ProgressEta claimed = new ProgressEta();
    claimed.setEarliestStopSeconds(0.0);
    snapshot.setEta(claimed);

    ProgressEta eta =
        ProgressSnapshots.read(configMap(ContractJson.write(snapshot)), UID, null, 0)
            .snapshot()
            .getEta();

    // patience 4 with one epoch spent: earliest stop after epoch 8, 3 epochs of 2 s from now
    assertThat(eta.getEarliestStopEpoch()).isEqualTo(8);
    assertThat(eta.getEarliestStopSeconds()).isEqualTo(6.0);
    assertThat(eta.getMaxEpochsSeconds()).isEqualTo(50.0);
    assertThat(eta.getAsOf()).isEqualTo("2026-11-30T12:00:00Z");
  }

  @Test
  void aTrainerWithoutEpochTimesGetsNoEta() {
    ProgressSnapshot snapshot = previous(5);
    snapshot.setEta(new ProgressEta());

    assertThat(
            ProgressSnapshots.read(configMap(ContractJson.write(snapshot)), UID, null, 0)
                .snapshot()
                .getEta())
        .isNull();
  }
}
