package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ParameterRange;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.PruningAlgorithm;
import dev.plateau.api.v1alpha1.PruningSpec;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.SweepParameter;
import dev.plateau.api.v1alpha1.SweptField;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingSweep;
import dev.plateau.api.v1alpha1.TrainingSweepSpec;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.api.v1alpha1.TrialState;
import dev.plateau.operator.TestRuns;
import dev.plateau.operator.reconciler.TrainingSweepReconciler;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A sweep on the mock API server with the real operator: trials are TrainingRuns it creates up to
 * the parallelism, the test plays every trial's trainer (reports, stop requests, endings), and the
 * sweep's status and prunes are checked against ASHA as the paper states it, replayed here.
 */
class TrainingSweepIT extends OperatorIT {

  static final int TRIALS = 50;
  static final int PARALLELISM = 10;
  static final int FACTOR = 3;
  static final List<Integer> RUNGS = List.of(1, 3, 9, 27);

  /** Trial n's val_loss at epoch e: falling with e; trials ranked by a permutation of n. */
  static double value(int n, int epoch) {
    double quality = 0.3 + 0.4 * ((n * 37) % TRIALS) / TRIALS;
    return quality * (1 + 1.0 / epoch);
  }

  /** Epochs trial n trains before its own early stopping ends it. */
  static int lifetime(int n) {
    return 5 + n % 6;
  }

  TrainingSweep sweep(String name) {
    TrainingSweep sweep = new TrainingSweep();
    sweep.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    TrainingSweepSpec spec = new TrainingSweepSpec();
    spec.setTemplate(TestRuns.manifest("template", namespace).getSpec());
    SweepParameter lr = new SweepParameter();
    lr.setName(SweptField.LEARNING_RATE);
    lr.setRange(new ParameterRange(0.0001, 0.01, ParameterRange.Scale.LOG));
    spec.setParameters(List.of(lr));
    spec.setMaxTrials(TRIALS);
    spec.setParallelism(PARALLELISM);
    PruningSpec pruning = new PruningSpec();
    pruning.setAlgorithm(PruningAlgorithm.ASHA);
    pruning.setGracePeriod(1);
    pruning.setReductionFactor(FACTOR);
    spec.setPruning(pruning);
    sweep.setSpec(spec);
    return sweep;
  }

  @Test
  void fiftyTrialsEndWithTheRightPrunesAndStatus() {
    client.resource(MockGarbageCollector.claim(namespace, "datasets")).create();
    client.resource(sweep("search")).create();
    awaitSweep(
        s -> s.getStatus().getCreated() == PARALLELISM, "the first " + PARALLELISM + " trials");

    Oracle oracle = new Oracle();
    Map<Integer, Pod> pods = new HashMap<>();
    Map<Integer, Integer> epochs = new HashMap<>();
    Set<Integer> ended = new TreeSet<>();
    int mostActive = 0;
    while (!Conditions.isTrue(sweepNow().getStatus().getConditions(), ConditionTypes.COMPLETE)) {
      List<Integer> active = activeTrials(ended);
      mostActive = Math.max(mostActive, active.size());
      assertThat(active)
          .as(
              () ->
                  "trials the oracle runs in this round; the sweep's: "
                      + sweepNow().getStatus().getTrials().stream()
                          .map(
                              t ->
                                  t.getName()
                                      + " "
                                      + t.getState()
                                      + " "
                                      + t.getValues()
                                      + " "
                                      + t.getMessage())
                          .toList()
                      + "; the oracle pruned "
                      + oracle.pruned()
                      + " and will stop "
                      + oracle.toStop)
          .isEqualTo(oracle.active());
      for (int n : active) {
        String name = TrainingSweep.trialName("search", n);
        Pod pod = pods.computeIfAbsent(n, k -> jobs.running(jobs.startPod(namespace, name)));
        int e = epochs.getOrDefault(n, 0);
        Optional<StopRequest> stop = stopRequest(name);
        if (stop.isPresent() || e == lifetime(n)) {
          boolean pruned = stop.isPresent();
          jobs.finish(
              pod,
              0,
              "Completed",
              FakeTrainer.termination(
                  pruned ? "Pruned" : "EarlyStopped", "ended", result(name, n, e, pruned)));
          ended.add(n);
          int created = Math.min(TRIALS, ended.size() + PARALLELISM);
          awaitSweep(
              s -> trial(s, n).getState().ended() && s.getStatus().getCreated() == created,
              name + " ended and " + created + " trials created");
          assertThat(trial(sweepNow(), n).getState())
              .isEqualTo(pruned ? TrialState.Pruned : TrialState.Completed);
        } else {
          int next = e + 1;
          epochs.put(n, next);
          new FakeTrainer(client, namespace, name).report(snapshot(uid(name), n, next));
          awaitSweep(
              s -> {
                TrialRecord t = trial(s, n);
                return t.getValues().size() == next && t.getJudgedUpTo() == next;
              },
              name + " epoch " + next + " judged");
        }
      }
      oracle.round();
    }

    TrainingSweep done = sweepNow();
    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(
            Conditions.find(done.getStatus().getConditions(), ConditionTypes.COMPLETE)
                .orElseThrow()
                .getReason())
        .isEqualTo("AllTrialsEnded");
    assertThat(mostActive).isEqualTo(PARALLELISM);
    List<TrialRecord> trials = done.getStatus().getTrials();
    assertThat(trials).hasSize(TRIALS);
    Set<String> pruned = new TreeSet<>();
    trials.stream()
        .filter(t -> t.getState() == TrialState.Pruned)
        .forEach(t -> pruned.add(t.getName()));
    assertThat(pruned).as("the trials ASHA prunes").isEqualTo(oracle.pruned());
    assertThat(pruned.size()).as("ASHA prunes most trials").isGreaterThan(TRIALS / 2);
    assertThat(done.getStatus().getPruned()).isEqualTo(pruned.size());
    assertThat(done.getStatus().getCompleted()).isEqualTo(TRIALS - pruned.size());
    assertThat(done.getStatus().getFailed()).isZero();
    assertThat(done.getStatus().getRunning()).isZero();
    for (TrialRecord t : trials) {
      assertThat(t.getValues())
          .as(t.getName() + "'s curve")
          .hasSize(epochs.getOrDefault(t.getNumber(), 0));
    }
    TrialRecord best = done.getStatus().getBestTrial();
    assertThat(best.getName()).isEqualTo(oracle.best());
    assertThat(best.getBestCheckpoint().getPath()).isEqualTo(best.getName() + "/best");
    assertThat(best.getParameters()).containsKey("training.learningRate");
    List<Double> board =
        done.getStatus().getLeaderboard().stream().map(TrialRecord::getBestValue).toList();
    assertThat(board).hasSize(10).isSortedAccordingTo(Comparator.naturalOrder());
    TrainingRun first = get(TrainingSweep.trialName("search", 0));
    assertThat(first.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("TrainingSweep");
              assertThat(o.getName()).isEqualTo("search");
              assertThat(o.getController()).isTrue();
            });
    assertThat(first.getMetadata().getLabels())
        .containsEntry(TrainingSweep.SWEEP_LABEL, "search")
        .containsEntry(TrainingSweep.TRIAL_LABEL, "0");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        events("search").stream()
                            .filter(
                                e -> TrainingSweepReconciler.TRIAL_PRUNED.equals(e.getReason())))
                    .hasSize(pruned.size()));
  }

  @Test
  void anInvalidSweepFailsWithoutTrials() {
    TrainingSweep sweep = sweep("bad");
    // The sweep's schema takes any number; the trial's refuses a dropout above 0.9.
    SweepParameter dropout = new SweepParameter();
    dropout.setName(SweptField.DROPOUT);
    dropout.setValues(List.of(0.5, 0.95));
    sweep.getSpec().setParameters(List.of(dropout));
    client.resource(sweep).create();
    TrainingSweep failed =
        awaitSweep("bad", s -> s.getStatus().getPhase() == Phase.Failed, "Failed");
    var condition =
        Conditions.find(failed.getStatus().getConditions(), ConditionTypes.FAILED).orElseThrow();
    assertThat(condition.getReason()).isEqualTo("InvalidSpec");
    assertThat(condition.getMessage())
        .contains(
            "spec.parameters[0].values: 0.95 makes an invalid TrainingRun: spec.model.dropout: is"
                + " 0.95; it should be less than or equal to 0.9");
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(
            () ->
                client
                    .resources(TrainingRun.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void aDeletedSweepsLingeringTrialIsNotTakenForTheNewOnesTrial() {
    client.resource(MockGarbageCollector.claim(namespace, "datasets")).create();
    // Trial 0 of an earlier sweep "search", deleted; the garbage collector has not taken it yet.
    TrainingRun lingering = TestRuns.manifest(TrainingSweep.trialName("search", 0), namespace);
    lingering
        .getMetadata()
        .setLabels(Map.of(TrainingSweep.SWEEP_LABEL, "search", TrainingSweep.TRIAL_LABEL, "0"));
    lingering
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withApiVersion("plateau.dev/v1alpha1")
                    .withKind(TrainingSweep.KIND)
                    .withName("search")
                    .withUid("uid-of-the-deleted-sweep")
                    .withController(true)
                    .build()));
    client.resource(lingering).create();
    TrainingSweep sweep = sweep("search");
    sweep.getSpec().setParallelism(2);
    client.resource(sweep).create();

    TrainingSweep seen = awaitSweep(s -> s.getStatus().getCreated() == 2, "two trials");
    assertThat(trial(seen, 0).getState())
        .as("waiting for its own TrainingRun, not folding the old one")
        .isEqualTo(TrialState.Pending);
    assertThat(get(TrainingSweep.trialName("search", 1)).getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(sweepNow().getMetadata().getUid()));
  }

  /** Replays the driver's rounds with ASHA as the paper states it. */
  static final class Oracle {
    private final List<Integer> active = new ArrayList<>();
    private final Map<Integer, Integer> epochs = new HashMap<>();
    private final Map<Integer, List<Double>> recorded = new TreeMap<>();
    private final Set<Integer> toStop = new TreeSet<>();
    private final Set<String> pruned = new TreeSet<>();
    private final Map<Integer, Double> bestValue = new HashMap<>();
    private int created = PARALLELISM;

    Oracle() {
      for (int n = 0; n < PARALLELISM; n++) {
        active.add(n);
      }
    }

    List<Integer> active() {
      return List.copyOf(active);
    }

    void round() {
      for (int n : List.copyOf(active)) {
        int e = epochs.getOrDefault(n, 0);
        if (toStop.contains(n) || e == lifetime(n)) {
          if (toStop.contains(n)) {
            pruned.add(TrainingSweep.trialName("search", n));
          }
          active.remove(Integer.valueOf(n));
          if (created < TRIALS) {
            active.add(created++);
          }
          continue;
        }
        e++;
        epochs.put(n, e);
        bestValue.put(n, value(n, e));
        if (RUNGS.contains(e)) {
          List<Double> at = recorded.computeIfAbsent(e, k -> new ArrayList<>());
          at.add(value(n, e));
          if (at.size() > 1 && value(n, e) > cutoff(at)) {
            toStop.add(n);
          }
        }
      }
    }

    /**
     * The cut-off at a rung for a minimised value: the 1/factor quantile of the values recorded
     * there, linearly interpolated (numpy's default); a value equal to it goes on.
     */
    static double cutoff(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      sorted.sort(null);
      double position = (sorted.size() - 1) / (double) FACTOR;
      int lo = (int) Math.floor(position);
      int hi = (int) Math.ceil(position);
      return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (position - lo);
    }

    Set<String> pruned() {
      return pruned;
    }

    String best() {
      return TrainingSweep.trialName(
          "search",
          bestValue.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey());
    }
  }

  ProgressSnapshot snapshot(String uid, int n, int epoch) {
    ProgressSnapshot snapshot = FakeTrainer.snapshot(uid, epoch, value(n, epoch), epoch);
    List<EpochRecord> history = new ArrayList<>();
    for (int e = Math.max(1, epoch - 19); e <= epoch; e++) {
      EpochRecord r = new EpochRecord();
      r.setEpoch(e);
      r.setValLoss(value(n, e));
      history.add(r);
    }
    snapshot.setHistory(history);
    return snapshot;
  }

  static TrainingResult result(String name, int n, int epochs, boolean pruned) {
    TrainingResult result = new TrainingResult();
    result.setStopReason(pruned ? StopReason.Pruned : StopReason.EarlyStopped);
    result.setEpochs(epochs);
    result.setBestEpoch(epochs);
    result.setBestMetric(value(n, Math.max(1, epochs)));
    result.setMonitor(Monitor.VAL_LOSS);
    result.setBestCheckpoint(new CheckpointRef(name + "-checkpoints", name + "/best"));
    return result;
  }

  List<Integer> activeTrials(Set<Integer> ended) {
    return client.resources(TrainingRun.class).inNamespace(namespace).list().getItems().stream()
        .map(r -> Integer.parseInt(r.getMetadata().getLabels().get(TrainingSweep.TRIAL_LABEL)))
        .filter(n -> !ended.contains(n))
        .sorted()
        .toList();
  }

  Optional<StopRequest> stopRequest(String trial) {
    ConfigMap progress =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(RunNames.progressConfigMap(trial))
            .get();
    if (progress == null || progress.getData() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(progress.getData().get(TrainerPaths.STOP_KEY))
        .map(json -> ContractJson.read(json, StopRequest.class));
  }

  String uid(String run) {
    return get(run).getMetadata().getUid();
  }

  TrainingSweep sweepNow() {
    return client.resources(TrainingSweep.class).inNamespace(namespace).withName("search").get();
  }

  static TrialRecord trial(TrainingSweep sweep, int n) {
    return sweep.getStatus().getTrials().get(n);
  }

  TrainingSweep awaitSweep(Predicate<TrainingSweep> condition, String what) {
    return awaitSweep("search", condition, what);
  }

  TrainingSweep awaitSweep(String name, Predicate<TrainingSweep> condition, String what) {
    return await()
        .alias(what)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .ignoreExceptions()
        .until(
            () -> client.resources(TrainingSweep.class).inNamespace(namespace).withName(name).get(),
            s -> s != null && s.getStatus() != null && condition.test(s));
  }
}
