package dev.plateau.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.ParameterRange;
import dev.plateau.api.v1alpha1.PruningAlgorithm;
import dev.plateau.api.v1alpha1.PruningSpec;
import dev.plateau.api.v1alpha1.SweepParameter;
import dev.plateau.api.v1alpha1.SweptField;
import dev.plateau.api.v1alpha1.TrainingRunSpec;
import dev.plateau.api.v1alpha1.TrainingSpec;
import dev.plateau.api.v1alpha1.TrainingSweepSpec;
import dev.plateau.api.v1alpha1.TrainingSweepStatus;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.api.v1alpha1.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bookkeeping the operator and plateau sweep share: creating, folding, judging, ranking. */
class SweepLedgerTest {

  static TrainingSweepSpec spec(PruningAlgorithm pruning, int maxTrials, int parallelism) {
    TrainingSweepSpec spec = new TrainingSweepSpec();
    TrainingRunSpec template = new TrainingRunSpec();
    TrainingSpec training = new TrainingSpec();
    training.setMaxEpochs(30);
    template.setTraining(training);
    spec.setTemplate(template);
    SweepParameter lr = new SweepParameter();
    lr.setName(SweptField.LEARNING_RATE);
    lr.setRange(new ParameterRange(0.0001, 0.1, ParameterRange.Scale.LOG));
    spec.setParameters(List.of(lr));
    spec.setMaxTrials(maxTrials);
    spec.setParallelism(parallelism);
    PruningSpec p = new PruningSpec();
    p.setAlgorithm(pruning);
    spec.setPruning(p);
    return spec;
  }

  static SweepLedger ledger(PruningAlgorithm pruning, int maxTrials, int parallelism) {
    return new SweepLedger(
        "s", SweepPlan.of(spec(pruning, maxTrials, parallelism)), new ArrayList<>());
  }

  static Map<Integer, Double> epochs(double... values) {
    Map<Integer, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(i + 1, values[i]);
    }
    return m;
  }

  @Test
  void createsTrialsUpToTheParallelismAndTheTotal() {
    SweepLedger ledger = ledger(PruningAlgorithm.NONE, 5, 2);
    assertThat(ledger.toCreate()).containsExactly(0, 1);
    ledger.toCreate().forEach(ledger::created);
    assertThat(ledger.toCreate()).as("both slots taken").isEmpty();
    TrialRecord first = ledger.trials().get(0);
    assertThat(first.getName()).isEqualTo("s-0");
    assertThat(first.getState()).isEqualTo(TrialState.Pending);
    assertThat(first.getParameters()).containsOnlyKeys("training.learningRate");
    ledger.ended(first, TrialState.Completed, null, null, null);
    assertThat(ledger.toCreate()).containsExactly(2);
    ledger.created(2);
    ledger.ended(ledger.trials().get(1), TrialState.Failed, "boom", null, null);
    ledger.ended(ledger.trials().get(2), TrialState.Pruned, null, null, null);
    assertThat(ledger.toCreate()).containsExactly(3, 4);
    ledger.toCreate().forEach(ledger::created);
    assertThat(ledger.toCreate()).as("the total reached").isEmpty();
    assertThat(ledger.finished()).isFalse();
    ledger
        .trials()
        .forEach(
            t ->
                ledger.ended(
                    t,
                    t.getState() == TrialState.Pending ? TrialState.Completed : t.getState(),
                    null,
                    null,
                    null));
    assertThat(ledger.finished()).isTrue();
  }

  @Test
  void foldsEpochsInOrderFillsGapsAndAResumedTrialsRepeatsReplaceWhatFollowed() {
    SweepLedger ledger = ledger(PruningAlgorithm.NONE, 1, 1);
    TrialRecord t = ledger.created(0);
    assertThat(ledger.observe(t, epochs(0.9, 0.7))).isTrue();
    assertThat(t.getState()).isEqualTo(TrialState.Running);
    assertThat(t.getValues()).containsExactly(0.9, 0.7);
    assertThat(ledger.observe(t, epochs(0.9, 0.7))).as("nothing new").isFalse();
    // The last 20 epochs come with each report: only the new ones extend the curve.
    assertThat(ledger.observe(t, Map.of(2, 0.7, 3, 0.6))).isTrue();
    assertThat(t.getValues()).containsExactly(0.9, 0.7, 0.6);
    // Epoch 4 went by unseen: it takes the value of epoch 5, and the curve goes on.
    assertThat(ledger.observe(t, Map.of(5, 0.5))).isTrue();
    assertThat(t.getValues()).containsExactly(0.9, 0.7, 0.6, 0.5, 0.5);
    // Resumed from last/ after epoch 2: epoch 3 trained again, to another value.
    assertThat(ledger.observe(t, Map.of(3, 0.65))).isTrue();
    assertThat(t.getValues()).containsExactly(0.9, 0.7, 0.65);
    assertThat(t.getBestValue()).isEqualTo(0.65);
    assertThat(t.getBestEpoch()).isEqualTo(3);
  }

  @Test
  void aNonFiniteValueIsKeptAsTheWorstNumberAndReadBackAsNaN() {
    SweepLedger ledger = ledger(PruningAlgorithm.NONE, 1, 1);
    TrialRecord t = ledger.created(0);
    ledger.observe(t, epochs(0.9, Double.NaN, 0.8));
    assertThat(t.getValues()).containsExactly(0.9, Double.MAX_VALUE, 0.8);
    assertThat(Trial.of(t).values()).containsExactly(0.9, Double.NaN, 0.8);
    assertThat(t.getBestValue()).isEqualTo(0.8);
  }

  @Test
  void judgesEachRungOnceAndNeverATrialAlreadyAskedToStop() {
    SweepLedger ledger = ledger(PruningAlgorithm.ASHA, 3, 3);
    TrialRecord a = ledger.created(0);
    TrialRecord b = ledger.created(1);
    ledger.observe(a, epochs(0.5));
    assertThat(ledger.judge(a).prune()).as("first at rung 1").isFalse();
    ledger.observe(b, epochs(0.9));
    Pruning verdict = ledger.judge(b);
    assertThat(verdict.prune()).isTrue();
    assertThat(verdict.reason()).startsWith("ASHA: best value 0.9000");
    assertThat(b.getJudgedUpTo())
        .as("not recorded until the stop request is out: the next pass judges again")
        .isZero();
    assertThat(ledger.judge(b)).isEqualTo(verdict);
    ledger.pruned(b, verdict, "2026-11-30T12:00:00Z");
    assertThat(b.getMessage()).isEqualTo(verdict.reason());
    assertThat(b.getJudgedUpTo()).isEqualTo(1);
    ledger.observe(b, epochs(0.9, 0.95, 0.99));
    assertThat(ledger.judge(b).prune()).as("already asked to stop").isFalse();
    // Judged up to epoch 1: a report of epoch 2 (no rung) goes on without a verdict.
    ledger.observe(a, epochs(0.5, 0.45));
    assertThat(ledger.judge(a).prune()).isFalse();
    assertThat(a.getJudgedUpTo()).isEqualTo(2);
  }

  @Test
  void theMedianRuleJudgesEveryNewEpoch() {
    SweepLedger ledger = ledger(PruningAlgorithm.MEDIAN, 4, 4);
    List<TrialRecord> t = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      t.add(ledger.created(n));
    }
    ledger.observe(t.get(0), epochs(0.5, 0.4));
    ledger.observe(t.get(1), epochs(0.6, 0.5));
    ledger.observe(t.get(2), epochs(0.7, 0.6));
    ledger.observe(t.get(3), epochs(0.9));
    assertThat(ledger.judge(t.get(3)).prune()).as("best 0.9 vs median of 0.5, 0.6, 0.7").isTrue();
  }

  @Test
  void standingsCountAndRankBestFirstWithTiesToTheLowerNumber() {
    SweepLedger ledger = ledger(PruningAlgorithm.NONE, 4, 4);
    List<TrialRecord> t = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      t.add(ledger.created(n));
    }
    ledger.observe(t.get(0), epochs(0.5));
    ledger.observe(t.get(1), epochs(0.3));
    ledger.observe(t.get(2), epochs(0.3));
    ledger.observe(t.get(3), epochs(0.1));
    ledger.ended(t.get(0), TrialState.Completed, null, null, 0.8);
    ledger.ended(t.get(1), TrialState.Pruned, null, null, null);
    ledger.ended(t.get(3), TrialState.Failed, "OOMKilled", null, null);
    TrainingSweepStatus status = new TrainingSweepStatus();
    ledger.fill(status);
    assertThat(status.getCreated()).isEqualTo(4);
    assertThat(status.getRunning()).isEqualTo(1);
    assertThat(status.getCompleted()).isEqualTo(1);
    assertThat(status.getPruned()).isEqualTo(1);
    assertThat(status.getFailed()).isEqualTo(1);
    assertThat(status.getLeaderboard())
        .as("a failed trial is not ranked, whatever its value")
        .extracting(TrialRecord::getName)
        .containsExactly("s-1", "s-2", "s-0");
    assertThat(status.getBestTrial().getName()).isEqualTo("s-1");
    assertThat(status.getBestTrial().getValues()).as("no curve in the best trial").isNull();
    assertThat(status.getTrials().get(1).getValues()).containsExactly(0.3);
  }

  @Test
  void rankingFollowsTheObjectivesDirection() {
    TrialRecord low = record(0, 0.2);
    TrialRecord high = record(1, 0.9);
    assertThat(Standings.of(List.of(low, high), Mode.MAX, 10).best()).isSameAs(high);
    assertThat(Standings.of(List.of(low, high), Mode.MIN, 10).best()).isSameAs(low);
    assertThat(Standings.of(List.of(low, high), Mode.MIN, 1).leaderboard()).containsExactly(low);
  }

  static TrialRecord record(int n, double best) {
    TrialRecord t = new TrialRecord();
    t.setName("s-" + n);
    t.setNumber(n);
    t.setState(TrialState.Completed);
    t.setBestValue(best);
    return t;
  }
}
