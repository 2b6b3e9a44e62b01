package dev.plateau.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EarlyStoppingRuleTest {

  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  /** Runs the rule over the values until it says stop; what a trainer would do. */
  private static Outcome run(EarlyStoppingRule rule, double... values) {
    EarlyStoppingState state = EarlyStoppingState.INITIAL;
    List<Integer> improved = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      EarlyStoppingRule.Decision d = rule.observe(state, i + 1, values[i]);
      state = d.state();
      if (d.improved()) {
        improved.add(i + 1);
      }
      if (d.shouldStop()) {
        return new Outcome(i + 1, d.stop(), state, improved);
      }
    }
    return new Outcome(null, null, state, improved);
  }

  record Outcome(
      Integer stopEpoch, StopReason reason, EarlyStoppingState state, List<Integer> improved) {}

  static Stream<Arguments> table() {
    return Stream.of(
        // name, mode, delta, patience, minEpochs, stopOnNonFinite, values,
        //   stop epoch, reason, best epoch, improved epochs
        Arguments.of(
            "min: steady improvement never stops",
            Mode.MIN,
            0.0,
            2,
            0,
            true,
            new double[] {1.0, 0.9, 0.8},
            null,
            null,
            3,
            List.of(1, 2, 3)),
        Arguments.of(
            "min: two epochs worse than the best (not the previous) stop at patience 2",
            Mode.MIN,
            0.0,
            2,
            0,
            true,
            new double[] {1.0, 0.9, 0.95, 0.92},
            4,
            StopReason.EarlyStopped,
            2,
            List.of(1, 2)),
        Arguments.of(
            "min: a tie with the best is no improvement",
            Mode.MIN,
            0.0,
            2,
            0,
            true,
            new double[] {1.0, 1.0, 1.0},
            3,
            StopReason.EarlyStopped,
            1,
            List.of(1)),
        Arguments.of(
            "min: improving by exactly delta is no improvement, by more is",
            Mode.MIN,
            0.25,
            5,
            0,
            true,
            new double[] {1.0, 0.75, 0.5},
            null,
            null,
            3,
            List.of(1, 3)),
        Arguments.of(
            "min: improvements smaller than delta count toward patience",
            Mode.MIN,
            0.25,
            3,
            0,
            true,
            new double[] {1.0, 0.875, 0.8125, 0.75},
            4,
            StopReason.EarlyStopped,
            1,
            List.of(1)),
        Arguments.of(
            "max: accuracy tie then drop stop at patience 2",
            Mode.MAX,
            0.0,
            2,
            0,
            true,
            new double[] {0.5, 0.6, 0.6, 0.55},
            4,
            StopReason.EarlyStopped,
            2,
            List.of(1, 2)),
        Arguments.of(
            "max: improving by exactly delta is no improvement, by more is",
            Mode.MAX,
            0.125,
            5,
            0,
            true,
            new double[] {0.5, 0.625, 0.75},
            null,
            null,
            3,
            List.of(1, 3)),
        Arguments.of(
            "max: a lower value never improves",
            Mode.MAX,
            0.0,
            3,
            0,
            true,
            new double[] {0.9, 0.8, 0.7, 0.6},
            4,
            StopReason.EarlyStopped,
            1,
            List.of(1)),
        Arguments.of(
            "minEpochs: patience spent at epoch 2 but the run goes on to epoch 4",
            Mode.MIN,
            0.0,
            1,
            4,
            true,
            new double[] {1.0, 1.1, 1.2, 1.3, 1.4},
            4,
            StopReason.EarlyStopped,
            1,
            List.of(1)),
        Arguments.of(
            "minEpochs: epochs before it count toward best and counter",
            Mode.MIN,
            0.0,
            2,
            3,
            true,
            new double[] {0.5, 0.9, 0.9, 0.9},
            3,
            StopReason.EarlyStopped,
            1,
            List.of(1)),
        Arguments.of(
            "NaN stops at once with NonFiniteMetric, the best stays",
            Mode.MIN,
            0.0,
            5,
            0,
            true,
            new double[] {1.0, NAN, 0.5},
            2,
            StopReason.NonFiniteMetric,
            1,
            List.of(1)),
        Arguments.of(
            "Infinity stops at once with NonFiniteMetric",
            Mode.MIN,
            0.0,
            5,
            0,
            true,
            new double[] {1.0, 0.9, INF},
            3,
            StopReason.NonFiniteMetric,
            2,
            List.of(1, 2)),
        Arguments.of(
            "NaN stops even before minEpochs",
            Mode.MIN,
            0.0,
            5,
            10,
            true,
            new double[] {1.0, NAN},
            2,
            StopReason.NonFiniteMetric,
            1,
            List.of(1)),
        Arguments.of(
            "stopOnNonFinite false: NaN counts as no improvement, training goes on",
            Mode.MIN,
            0.0,
            2,
            0,
            false,
            new double[] {1.0, NAN, 0.5},
            null,
            null,
            3,
            List.of(1, 3)),
        Arguments.of(
            "stopOnNonFinite false: NaN and -Infinity spend the patience",
            Mode.MIN,
            0.0,
            2,
            0,
            false,
            new double[] {1.0, NAN, Double.NEGATIVE_INFINITY},
            3,
            StopReason.EarlyStopped,
            1,
            List.of(1)),
        Arguments.of(
            "stopOnNonFinite false: a NaN first epoch leaves no best; the next finite one is",
            Mode.MIN,
            0.0,
            3,
            0,
            false,
            new double[] {NAN, 1.0},
            null,
            null,
            2,
            List.of(2)),
        Arguments.of(
            "patience 1 stops on the first epoch without improvement",
            Mode.MIN,
            0.0,
            1,
            0,
            true,
            new double[] {1.0, 0.5, 0.6, 0.4},
            3,
            StopReason.EarlyStopped,
            2,
            List.of(1, 2)),
        Arguments.of(
            "an improvement resets the counter",
            Mode.MIN,
            0.0,
            3,
            0,
            true,
            new double[] {1.0, 1.1, 1.2, 0.9, 1.0, 1.1, 1.2},
            7,
            StopReason.EarlyStopped,
            4,
            List.of(1, 4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decidesLikeTheRule(
      String name,
      Mode mode,
      double delta,
      int patience,
      int minEpochs,
      boolean stopOnNonFinite,
      double[] values,
      Integer stopEpoch,
      StopReason reason,
      int bestEpoch,
      List<Integer> improved) {
    Outcome outcome =
        run(new EarlyStoppingRule(mode, delta, patience, minEpochs, stopOnNonFinite), values);

    assertThat(outcome.stopEpoch()).as("stop epoch").isEqualTo(stopEpoch);
    assertThat(outcome.reason()).as("stop reason").isEqualTo(reason);
    assertThat(outcome.state().bestEpoch()).as("best epoch").isEqualTo(bestEpoch);
    assertThat(outcome.improved()).as("improved epochs").isEqualTo(improved);
  }

  /**
   * A validation loss as an MLP on Fashion-MNIST produces it; patience 4, delta 0.001, mode min. By
   * hand (best, then counter after each epoch):
   *
   * <pre>
   *  1 0.5200 improves (first)                 best 0.5200 @1  c0
   *  2 0.4300 improves                         best 0.4300 @2  c0
   *  3 0.3950 improves                         best 0.3950 @3  c0
   *  4 0.3800 improves                         best 0.3800 @4  c0
   *  5 0.3650 improves                         best 0.3650 @5  c0
   *  6 0.3590 improves (0.3590 < 0.3640)       best 0.3590 @6  c0
   *  7 0.3540 improves (0.3540 < 0.3580)       best 0.3540 @7  c0
   *  8 0.3535 better, but not by > 0.001       c1
   *  9 0.3490 improves (0.3490 < 0.3530)       best 0.3490 @9  c0
   * 10 0.3510 worse                            c1
   * 11 0.3482 better, not below 0.3480         c2
   * 12 0.3475 improves (0.3475 < 0.3480)       best 0.3475 @12 c0
   * 13 0.3520 worse                            c1
   * 14 0.3468 better, not below 0.3465         c2
   * 15 0.3550 worse                            c3
   * 16 0.3600 worse                            c4 = patience: stop at 16, best epoch 12
   * </pre>
   */
  static final double[] REALISTIC_VAL_LOSS = {
    0.5200, 0.4300, 0.3950, 0.3800, 0.3650, 0.3590, 0.3540, 0.3535, 0.3490, 0.3510, 0.3482, 0.3475,
    0.3520, 0.3468, 0.3550, 0.3600, 0.3400, 0.3300
  };

  @Test
  void realisticValidationLossStopsWhereWorkedOutByHand() {
    Outcome outcome = run(new EarlyStoppingRule(Mode.MIN, 0.001, 4, 0, true), REALISTIC_VAL_LOSS);

    assertThat(outcome.stopEpoch()).isEqualTo(16);
    assertThat(outcome.reason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(outcome.state().bestEpoch()).isEqualTo(12);
    assertThat(outcome.state().best()).isEqualTo(0.3475);
    assertThat(outcome.state().counter()).isEqualTo(4);
    assertThat(outcome.improved()).containsExactly(1, 2, 3, 4, 5, 6, 7, 9, 12);
  }

  @Test
  void stateSavedAndRestoredMidCountDecidesIdentically() {
    EarlyStoppingRule rule = new EarlyStoppingRule(Mode.MIN, 0.001, 4, 0, true);
    Outcome uninterrupted = run(rule, REALISTIC_VAL_LOSS);

    for (int killedAfter = 1; killedAfter < uninterrupted.stopEpoch(); killedAfter++) {
      EarlyStoppingState state = EarlyStoppingState.INITIAL;
      List<EarlyStoppingRule.Decision> decisions = new ArrayList<>();
      for (int epoch = 1; epoch <= uninterrupted.stopEpoch(); epoch++) {
        if (epoch == killedAfter + 1) {
          // What a checkpoint holds and a resumed trainer reads back.
          state = ContractJson.read(ContractJson.write(state), EarlyStoppingState.class);
        }
        EarlyStoppingRule.Decision d = rule.observe(state, epoch, REALISTIC_VAL_LOSS[epoch - 1]);
        decisions.add(d);
        state = d.state();
      }
      EarlyStoppingRule.Decision last = decisions.get(decisions.size() - 1);
      assertThat(last.stop()).as("killed after %d", killedAfter).isEqualTo(StopReason.EarlyStopped);
      assertThat(last.state()).as("killed after %d", killedAfter).isEqualTo(uninterrupted.state());
    }
  }

  @Test
  void restoredMidCountKeepsCounterAndBest() {
    EarlyStoppingRule rule = new EarlyStoppingRule(Mode.MIN, 0.0, 3, 0, true);
    EarlyStoppingState state = run(rule, 1.0, 0.8, 0.9, 0.85).state();
    assertThat(state).isEqualTo(new EarlyStoppingState(0.8, 2, 2, 4));

    EarlyStoppingState restored =
        ContractJson.read(ContractJson.write(state), EarlyStoppingState.class);
    EarlyStoppingRule.Decision next = rule.observe(restored, 5, 0.81);

    assertThat(next.stop()).isEqualTo(StopReason.EarlyStopped);
    assertThat(next.state().bestEpoch()).isEqualTo(2);
  }

  @Test
  void refusesAnEpochOutOfOrder() {
    EarlyStoppingRule rule = new EarlyStoppingRule(Mode.MIN, 0.0, 3, 0, true);
    assertThatThrownBy(() -> rule.observe(EarlyStoppingState.INITIAL, 2, 1.0))
        .hasMessageContaining("epoch 2 does not follow epoch 0");
  }

  @Test
  void refusesInvalidSettings() {
    assertThatThrownBy(() -> new EarlyStoppingRule(Mode.MIN, -0.1, 3, 0, true))
        .hasMessageContaining("delta");
    assertThatThrownBy(() -> new EarlyStoppingRule(Mode.MIN, 0.0, 0, 0, true))
        .hasMessageContaining("patience must be >= 1");
  }

  @Test
  void modeResolvesFromTheMonitorWhenAbsent() {
    EarlyStoppingSpec spec = new EarlyStoppingSpec();
    spec.setMonitor(Monitor.VAL_ACCURACY);
    assertThat(EarlyStoppingRule.of(spec).mode()).isEqualTo(Mode.MAX);
    spec.setMonitor(Monitor.TRAIN_LOSS);
    assertThat(EarlyStoppingRule.of(spec).mode()).isEqualTo(Mode.MIN);
    spec.setMode(Mode.MAX);
    assertThat(EarlyStoppingRule.of(spec).mode()).isEqualTo(Mode.MAX);
  }
}
