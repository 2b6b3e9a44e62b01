package dev.plateau.api.sweep;

import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.api.v1alpha1.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The record of a sweep's trials, as its status keeps it, and the bookkeeping both the operator and
 * {@code plateau sweep} do with it: create trials up to the parallelism, fold in reported epochs,
 * judge with the pruner, and note how each trial ended. Pure: the caller does the side effects
 * (creating runs, writing stop requests).
 */
public final class SweepLedger {

  private final String sweep;
  private final SweepPlan plan;
  private final Pruner pruner;
  private final List<TrialRecord> trials;

  /** The trials as the pruners see them; rebuilt only after a curve or a state changed. */
  private List<Trial> views;

  /**
   * @param trials the records so far (the status's list, changed in place), by trial number
   */
  public SweepLedger(String sweep, SweepPlan plan, List<TrialRecord> trials) {
    this.sweep = sweep;
    this.plan = plan;
    this.pruner = plan.pruner();
    this.trials = trials;
  }

  public List<TrialRecord> trials() {
    return trials;
  }

  public SweepPlan plan() {
    return plan;
  }

  /** The trials to create now: numbers from the next one, up to the parallelism and the total. */
  public List<Integer> toCreate() {
    int active = (int) trials.stream().filter(t -> !state(t).ended()).count();
    int room = Math.max(0, plan.parallelism() - active);
    int next = trials.size();
    List<Integer> numbers = new ArrayList<>();
    for (int n = next; n < plan.trialCount() && numbers.size() < room; n++) {
      numbers.add(n);
    }
    return numbers;
  }

  /** Records that trial {@code n} was created; returns its record. */
  public TrialRecord created(int n) {
    if (n != trials.size()) {
      throw new IllegalArgumentException("trial " + n + " created after " + trials.size());
    }
    TrialRecord t = new TrialRecord();
    t.setName(dev.plateau.api.v1alpha1.TrainingSweep.trialName(sweep, n));
    t.setNumber(n);
    t.setState(TrialState.Pending);
    t.setParameters(plan.describe(n));
    t.setJudgedUpTo(0);
    trials.add(t);
    views = null;
    return t;
  }

  /**
   * Folds reported epochs into the trial's curve: an epoch past the curve's end extends it, an
   * epoch already there (a resumed trial reports it again) replaces it and cuts off what followed.
   * Epochs must come in order; epochs missed in a gap take the value of the first epoch after it.
   *
   * @param epochs monitored values by epoch number (1-based), in increasing epoch order; NaN for a
   *     value that was not finite
   * @return whether the curve grew or changed
   */
  public boolean observe(TrialRecord trial, Map<Integer, Double> epochs) {
    Mode mode = plan.mode();
    List<Double> values =
        new ArrayList<>(trial.getValues() == null ? List.of() : trial.getValues());
    boolean changed = false;
    for (Map.Entry<Integer, Double> e : epochs.entrySet()) {
      int epoch = e.getKey();
      double value = TrialRecord.recorded(e.getValue(), mode);
      if (epoch <= values.size()) {
        if (values.get(epoch - 1) != value) {
          values.set(epoch - 1, value);
          values.subList(epoch, values.size()).clear();
          changed = true;
        }
      } else {
        // Epochs never seen (more than the 20 a report carries went by unobserved, e.g. while the
        // operator was down) take the value of the first epoch seen after them: the curve goes
        // on, judged on an estimate, rather than freezing.
        while (values.size() < epoch) {
          values.add(value);
        }
        changed = true;
      }
    }
    if (!changed) {
      return false;
    }
    trial.setValues(values);
    views = null;
    if (state(trial) == TrialState.Pending) {
      trial.setState(TrialState.Running);
    }
    Trial view = Trial.of(trial);
    double best = view.bestUpTo(values.size(), mode);
    if (!Double.isNaN(best)) {
      trial.setBestValue(best);
      trial.setBestEpoch(view.bestEpoch(mode));
    }
    return true;
  }

  /**
   * Judges a running trial with the pruner once its curve grew. A verdict to go on is recorded at
   * once; a verdict to prune is recorded by {@link #pruned} once the stop request is out, so a
   * request that could not be written is judged (and sent) again on the next pass.
   *
   * @return the verdict; {@link Pruning#GO_ON} for a trial that ended or was already asked to stop
   */
  public Pruning judge(TrialRecord trial) {
    if (state(trial).ended() || trial.getStopRequestedAt() != null) {
      return Pruning.GO_ON;
    }
    int judged = trial.getJudgedUpTo() == null ? 0 : trial.getJudgedUpTo();
    Trial view = Trial.of(trial);
    if (view.epochs() <= judged) {
      return Pruning.GO_ON;
    }
    Pruning verdict = pruner.judge(view, judged, views());
    if (!verdict.prune()) {
      trial.setJudgedUpTo(view.epochs());
    }
    return verdict;
  }

  /** Records that the trial was pruned and its stop request went out at {@code time} (RFC 3339). */
  public void pruned(TrialRecord trial, Pruning verdict, String time) {
    trial.setJudgedUpTo(trial.getValues() == null ? 0 : trial.getValues().size());
    trial.setMessage(verdict.reason());
    trial.setStopRequestedAt(time);
  }

  /** Records how a trial ended. */
  public void ended(
      TrialRecord trial,
      TrialState state,
      String message,
      CheckpointRef bestCheckpoint,
      Double testAccuracy) {
    trial.setState(state);
    views = null;
    if (message != null) {
      trial.setMessage(message);
    }
    trial.setBestCheckpoint(bestCheckpoint);
    trial.setTestAccuracy(testAccuracy);
  }

  /**
   * Writes the counts, the best trial, the leaderboard and every trial into {@code status}; the
   * best trial and the leaderboard without their curves.
   */
  public void fill(dev.plateau.api.v1alpha1.TrainingSweepStatus status) {
    Standings s = standings(dev.plateau.api.v1alpha1.TrainingSweepStatus.LEADERBOARD_SIZE);
    status.setCreated(s.created());
    status.setRunning(s.running());
    status.setPruned(s.pruned());
    status.setCompleted(s.completed());
    status.setFailed(s.failed());
    status.setBestTrial(s.best() == null ? null : withoutCurve(s.best()));
    status.setLeaderboard(s.leaderboard().stream().map(SweepLedger::withoutCurve).toList());
    status.setTrials(trials);
  }

  private static TrialRecord withoutCurve(TrialRecord t) {
    TrialRecord copy =
        dev.plateau.api.contract.ContractJson.mapper().convertValue(t, TrialRecord.class);
    copy.setValues(null);
    copy.setJudgedUpTo(null);
    return copy;
  }

  public Standings standings(int size) {
    return Standings.of(trials, plan.mode(), size);
  }

  /** Whether every trial has been created and has ended. */
  public boolean finished() {
    return trials.size() >= plan.trialCount() && trials.stream().allMatch(t -> state(t).ended());
  }

  private List<Trial> views() {
    if (views == null) {
      views = trials.stream().map(Trial::of).toList();
    }
    return views;
  }

  static TrialState state(TrialRecord t) {
    return t.getState() == null ? TrialState.Pending : t.getState();
  }
}
