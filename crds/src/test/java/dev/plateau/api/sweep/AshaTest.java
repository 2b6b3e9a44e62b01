package dev.plateau.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateau.api.sweep.Trial.State;
import dev.plateau.api.v1alpha1.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AshaTest {

  static final double NAN = Double.NaN;

  static Trial trial(String name, State state, double... values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return new Trial(name, state, list);
  }

  static Trial running(String name, double... values) {
    return trial(name, State.RUNNING, values);
  }

  @Test
  void rungsGrowByTheFactorBelowMaxEpochs() {
    assertThat(new Asha(1, 3, Mode.MIN, 40).rungs()).containsExactly(1, 3, 9, 27);
    assertThat(new Asha(2, 2, Mode.MIN, 16).rungs()).containsExactly(2, 4, 8);
    assertThat(new Asha(5, 3, Mode.MIN, 5).rungs()).isEmpty();
  }

  @Test
  void theRungATrialReachedSinceTheLastDecision() {
    Asha asha = new Asha(1, 3, Mode.MIN, 40);
    assertThat(asha.rungIn(0, 1)).isEqualTo(1);
    assertThat(asha.rungIn(1, 2)).isZero();
    assertThat(asha.rungIn(1, 3)).isEqualTo(3);
    assertThat(asha.rungIn(1, 10)).as("snapshots skipped epochs: the highest").isEqualTo(9);
    assertThat(asha.rungIn(3, 3)).as("a resumed trial: no rung twice").isZero();
  }

  static Stream<Arguments> decisions() {
    Trial a = running("a", 0.50, 0.40, 0.30);
    return Stream.of(
        Arguments.of("first at the rung goes on", Mode.MIN, 1, a, List.of(a), false),
        Arguments.of(
            "best of three goes on",
            Mode.MIN,
            3,
            a,
            List.of(a, running("b", 0.9, 0.8, 0.7), running("c", 0.9, 0.8, 0.6)),
            false),
        Arguments.of(
            "worst of three is pruned",
            Mode.MIN,
            3,
            running("c", 0.9, 0.8, 0.7),
            List.of(a, running("b", 0.9, 0.8, 0.6), running("c", 0.9, 0.8, 0.7)),
            true),
        Arguments.of(
            "best so far counts, not the last epoch",
            Mode.MIN,
            3,
            running("c", 0.2, 0.8, 0.9),
            List.of(a, running("b", 0.9, 0.8, 0.6), running("c", 0.2, 0.8, 0.9)),
            false),
        Arguments.of(
            "a tie with the cut-off goes on",
            Mode.MIN,
            1,
            running("b", 0.5),
            List.of(running("a", 0.5), running("b", 0.5), running("c", 0.5)),
            false),
        Arguments.of(
            "a late arrival worse than the top third recorded is pruned",
            Mode.MIN,
            1,
            running("d", 0.6),
            List.of(
                trial("a", State.COMPLETED, 0.3, 0.2),
                trial("b", State.PRUNED, 0.7),
                trial("c", State.RUNNING, 0.5, 0.4),
                running("d", 0.6)),
            true),
        Arguments.of(
            "failed trials' values at the rung count",
            Mode.MIN,
            1,
            running("b", 0.6),
            List.of(trial("a", State.FAILED, 0.1), running("b", 0.6)),
            true),
        Arguments.of(
            "max mode: higher is better",
            Mode.MAX,
            1,
            running("b", 0.9),
            List.of(running("a", 0.5), running("b", 0.9), running("c", 0.7)),
            false),
        Arguments.of(
            "max mode: the lowest accuracy is pruned",
            Mode.MAX,
            1,
            running("a", 0.5),
            List.of(running("a", 0.5), running("b", 0.9), running("c", 0.7)),
            true),
        Arguments.of(
            "a NaN is the worst",
            Mode.MIN,
            1,
            running("a", NAN),
            List.of(running("a", NAN), running("b", 5.0)),
            true),
        Arguments.of(
            "trials below the rung do not count",
            Mode.MIN,
            3,
            a,
            List.of(a, running("b", 0.1, 0.1)),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decidesAtTheRung(
      String name, Mode mode, int rung, Trial trial, List<Trial> all, boolean prune) {
    Pruning decision = new Asha(1, 3, mode, 40).decide(trial, rung, all);

    assertThat(decision.prune()).isEqualTo(prune);
    if (prune) {
      assertThat(decision.reason()).startsWith("ASHA: ").contains("top 1/3");
    }
  }

  @Test
  void aResumedTrialGetsTheSameDecisionFromTheSameData() {
    List<Trial> all =
        List.of(running("a", 0.3), running("b", 0.5), running("c", 0.9), running("d", 0.4));
    Asha asha = new Asha(1, 3, Mode.MIN, 40);

    assertThat(asha.decide(all.get(3), 1, all)).isEqualTo(asha.decide(all.get(3), 1, all));
  }

  @Test
  void theCutOffIsTheTopThirdOfWhatWasRecorded() {
    // Values 0.1..0.9 recorded; with factor 3 the cut-off is their 2/3 quantile for max mode,
    // i.e. (oriented) the best third: 0.1 + (0.9 - 0.1) * 2/3 = 0.6333 for MAX.
    List<Trial> all = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      all.add(running("t" + i, i / 10.0));
    }
    Asha asha = new Asha(1, 3, Mode.MAX, 40);
    assertThat(asha.decide(all.get(6), 1, all).prune()).as("0.7 goes on").isFalse();
    assertThat(asha.decide(all.get(5), 1, all).prune()).as("0.6 is pruned").isTrue();
  }

  @Test
  void refusesAFactorBelowTwo() {
    assertThatThrownBy(() -> new Asha(1, 1, Mode.MIN, 10))
        .hasMessageContaining("reductionFactor >= 2");
  }
}
