package dev.plateau.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.EarlyStoppingRule;
import dev.plateau.api.contract.EarlyStoppingState;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.ProgressEta;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EtaEstimateTest {

  private static final String AT = "2026-11-30T12:00:00Z";

  /** A snapshot after {@code epoch} epochs whose last epochs took {@code times} seconds. */
  private static ProgressSnapshot snapshot(
      int epoch, int counter, int patience, int maxEpochs, double... times) {
    ProgressSnapshot s = new ProgressSnapshot();
    s.setEpoch(epoch);
    s.setEpochsSinceImprovement(counter);
    s.setPatience(patience);
    s.setMaxEpochs(maxEpochs);
    s.setStep(0);
    s.setStepsPerEpoch(100);
    s.setUpdatedAt(AT);
    List<EpochRecord> history = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      EpochRecord r = new EpochRecord();
      r.setEpoch(epoch - times.length + i + 1);
      r.setEpochSeconds(times[i]);
      history.add(r);
    }
    s.setHistory(history);
    if (times.length > 0) {
      s.setEpochSeconds(times[times.length - 1]);
    }
    return s;
  }

  static Stream<Arguments> estimates() {
    return Stream.of(
        // name, snapshot, minEpochs, stop epoch, seconds to it, seconds to maxEpochs
        Arguments.of("patience left", snapshot(5, 1, 4, 40, 2, 2, 2), 0, 8, 6.0, 70.0),
        Arguments.of("just improved", snapshot(5, 0, 4, 40, 2, 2, 2), 0, 9, 8.0, 70.0),
        Arguments.of("minEpochs later", snapshot(2, 0, 3, 40, 2, 2), 10, 10, 16.0, 76.0),
        Arguments.of("spent, minEpochs", snapshot(5, 6, 4, 40, 2, 2, 2), 8, 8, 6.0, 70.0),
        Arguments.of("capped at max", snapshot(38, 0, 4, 40, 2, 2, 2), 0, 40, 4.0, 4.0),
        Arguments.of(
            "median of last three, slow first epoch",
            snapshot(4, 0, 2, 10, 10, 2, 2.2, 2.4),
            0,
            6,
            4.4,
            13.2),
        Arguments.of("one epoch so far", snapshot(1, 0, 4, 10, 3), 0, 5, 12.0, 27.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("estimates")
  void estimatesTheEarliestStopAndMaxEpochs(
      String name,
      ProgressSnapshot s,
      int minEpochs,
      int stopEpoch,
      double stopSeconds,
      double maxSeconds) {
    ProgressEta eta = EtaEstimate.of(s, minEpochs);

    assertThat(eta.getEarliestStopEpoch()).isEqualTo(stopEpoch);
    assertThat(eta.getEarliestStopSeconds()).isEqualTo(stopSeconds);
    assertThat(eta.getMaxEpochsSeconds()).isEqualTo(maxSeconds);
    assertThat(eta.getAsOf()).isEqualTo(AT);
  }

  @Test
  void countsOnlyWhatIsLeftOfTheEpochUnderWay() {
    ProgressSnapshot s = snapshot(5, 1, 4, 40, 2, 2, 2);
    s.setStep(50);

    ProgressEta eta = EtaEstimate.of(s, 0);

    assertThat(eta.getEarliestStopSeconds()).isEqualTo(5.0);
    assertThat(eta.getMaxEpochsSeconds()).isEqualTo(69.0);
  }

  @Test
  void theSnapshotsMinEpochsWinsOverTheFallback() {
    ProgressSnapshot s = snapshot(2, 0, 3, 40, 2, 2);
    s.setMinEpochs(12);

    assertThat(EtaEstimate.of(s, 0).getEarliestStopEpoch()).isEqualTo(12);
  }

  @Test
  void noEpochTimesNoEstimate() {
    assertThat(EtaEstimate.of(snapshot(0, 0, 4, 40), 0)).isNull();
    ProgressSnapshot noTimes = snapshot(3, 0, 4, 40, 2, 2, 2);
    noTimes.setEpochSeconds(null);
    noTimes.getHistory().forEach(r -> r.setEpochSeconds(null));
    assertThat(EtaEstimate.of(noTimes, 0)).isNull();
  }

  @Test
  void anEndingRunHasNoEstimate() {
    assertThat(EtaEstimate.of(snapshot(40, 0, 4, 40, 2, 2, 2), 0)).as("maxEpochs ran").isNull();
    assertThat(EtaEstimate.of(snapshot(9, 4, 4, 40, 2, 2, 2), 0)).as("patience spent").isNull();
    assertThat(EtaEstimate.of(snapshot(9, 4, 4, 40, 2, 2, 2), 12))
        .as("patience spent before minEpochs: trains on")
        .isNotNull();
  }

  @Test
  void theSameSnapshotGivesTheSameEstimate() {
    ProgressSnapshot s = snapshot(5, 1, 4, 40, 2, 2, 2);

    assertThat(EtaEstimate.of(s, 0))
        .usingRecursiveComparison()
        .isEqualTo(EtaEstimate.of(snapshot(5, 1, 4, 40, 2, 2, 2), 0));
  }

  /** The estimate's stop epoch is where the rule really stops when nothing improves any more. */
  @ParameterizedTest(name = "patience {0}, minEpochs {1}, improving until {2}")
  @MethodSource("ruleCases")
  void agreesWithTheRule(int patience, int minEpochs, int improvingUntil, int maxEpochs) {
    EarlyStoppingRule rule = new EarlyStoppingRule(Mode.MIN, 0, patience, minEpochs, true);
    EarlyStoppingState state = EarlyStoppingState.INITIAL;
    for (int epoch = 1; epoch <= improvingUntil; epoch++) {
      state = rule.observe(state, epoch, 1.0 / epoch).state();
    }
    int predicted =
        EarlyStoppingRule.earliestStopEpoch(
            improvingUntil, state.counter(), patience, minEpochs, maxEpochs);
    int stopped = maxEpochs;
    for (int epoch = improvingUntil + 1; epoch <= maxEpochs; epoch++) {
      EarlyStoppingRule.Decision d = rule.observe(state, epoch, 5.0);
      state = d.state();
      if (d.shouldStop()) {
        stopped = epoch;
        break;
      }
    }
    assertThat(predicted).isEqualTo(stopped);
  }

  static Stream<Arguments> ruleCases() {
    return Stream.of(
        Arguments.of(4, 0, 3, 40),
        Arguments.of(1, 0, 1, 40),
        Arguments.of(3, 12, 2, 40),
        Arguments.of(5, 0, 37, 40),
        Arguments.of(2, 6, 6, 40),
        Arguments.of(10, 0, 0, 5));
  }
}
