package dev.plateau.api.sweep;

import static dev.plateau.api.sweep.AshaTest.running;
import static dev.plateau.api.sweep.AshaTest.trial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.sweep.Trial.State;
import dev.plateau.api.v1alpha1.Mode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MedianStoppingTest {

  static Stream<Arguments> decisions() {
    List<Trial> others =
        List.of(
            running("a", 0.5, 0.3), // running average at 2: 0.4
            running("b", 0.7, 0.5), // 0.6
            trial("c", State.COMPLETED, 0.9, 0.7, 0.6)); // 0.8; median of averages: 0.6
    return Stream.of(
        Arguments.of("before the grace period", 3, 1, running("x", 0.9, 0.9), others, false),
        Arguments.of("too few others at t", 1, 4, running("x", 0.9, 0.9), others, false),
        Arguments.of("worse than the median", 1, 1, running("x", 0.9, 0.65), others, true),
        Arguments.of("equal to the median goes on", 1, 1, running("x", 0.9, 0.6), others, false),
        Arguments.of(
            "best so far, not the last epoch", 1, 1, running("x", 0.55, 0.95), others, false),
        Arguments.of(
            "others that did not reach t do not count",
            1,
            3,
            running("x", 0.9, 0.9, 0.9),
            others,
            false),
        Arguments.of(
            "a pruned and a failed trial count",
            1,
            2,
            running("x", 0.9, 0.9),
            List.of(trial("p", State.PRUNED, 0.4, 0.3), trial("f", State.FAILED, 0.4, 0.2)),
            true),
        Arguments.of(
            "a NaN is the worst", 1, 1, running("x", Double.NaN, Double.NaN), others, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decidesOnTheOthersRunningAverages(
      String name, int grace, int minTrials, Trial trial, List<Trial> others, boolean prune) {
    List<Trial> all = new java.util.ArrayList<>(others);
    all.add(trial);
    Pruning decision = new MedianStopping(grace, minTrials, Mode.MIN).decide(trial, all);

    assertThat(decision.prune()).isEqualTo(prune);
    if (prune) {
      assertThat(decision.reason()).startsWith("median rule: ");
    }
  }

  @ParameterizedTest(name = "max mode: {0}")
  @MethodSource("maxDecisions")
  void inMaxModeHigherIsBetter(String name, Trial trial, boolean prune) {
    List<Trial> all =
        List.of(
            running("a", 0.80, 0.90), running("b", 0.60, 0.70), running("c", 0.70, 0.80), trial);
    // running averages 0.85, 0.65, 0.75: median 0.75
    assertThat(new MedianStopping(1, 1, Mode.MAX).decide(trial, all).prune()).isEqualTo(prune);
  }

  static Stream<Arguments> maxDecisions() {
    return Stream.of(
        Arguments.of("above the median", running("x", 0.70, 0.76), false),
        Arguments.of("below the median", running("x", 0.70, 0.74), true));
  }
}
