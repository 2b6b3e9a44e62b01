package dev.plateau.trainer.loop;

import dev.plateau.api.contract.EarlyStoppingState;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the cumulative picture of a training and hands out immutable snapshots of it: the last
 * epoch's metrics, the best so far, the counter and the last 20 epochs.
 */
final class ProgressTracker {

  private final String runUid;
  private final int maxEpochs;
  private final Monitor monitor;
  private final Mode mode;
  private final int patience;
  private final int minEpochs;
  private final int stepsPerEpoch;
  private final Clock clock;
  private final CheckpointRef bestCheckpoint;
  private final Deque<EpochRecord> history = new ArrayDeque<>();
  private List<EpochRecord> historyView = List.of();
  private EpochRecord last;
  private EarlyStoppingState earlyStopping = EarlyStoppingState.INITIAL;
  private double learningRate;

  ProgressTracker(
      String runUid,
      int maxEpochs,
      Monitor monitor,
      Mode mode,
      int patience,
      int minEpochs,
      int stepsPerEpoch,
      double learningRate,
      Clock clock,
      CheckpointRef bestCheckpoint) {
    this.runUid = runUid;
    this.maxEpochs = maxEpochs;
    this.monitor = monitor;
    this.mode = mode;
    this.patience = patience;
    this.minEpochs = minEpochs;
    this.stepsPerEpoch = stepsPerEpoch;
    this.learningRate = learningRate;
    this.clock = clock;
    this.bestCheckpoint = bestCheckpoint;
  }

  /** Restores the picture of a resumed run from its history and early-stopping state. */
  void restore(List<EpochRecord> records, EarlyStoppingState state, double learningRate) {
    records.forEach(this::remember);
    this.earlyStopping = state;
    this.learningRate = learningRate;
  }

  void epochDone(EpochRecord record, EarlyStoppingState state, double nextLearningRate) {
    remember(record);
    this.earlyStopping = state;
    this.learningRate = nextLearningRate;
  }

  private void remember(EpochRecord record) {
    last = record;
    history.addLast(record);
    while (history.size() > ProgressSnapshot.HISTORY_LIMIT) {
      history.removeFirst();
    }
    historyView = List.copyOf(new ArrayList<>(history));
  }

  /** A snapshot with {@code step} batches done of the epoch under way. */
  ProgressSnapshot snapshot(int step) {
    ProgressSnapshot s = new ProgressSnapshot();
    s.setRunUid(runUid);
    s.setEpoch(last == null ? 0 : last.getEpoch());
    s.setMaxEpochs(maxEpochs);
    s.setStep(step);
    s.setStepsPerEpoch(stepsPerEpoch);
    s.setMonitor(monitor);
    s.setMode(mode);
    s.setPatience(patience);
    s.setMinEpochs(minEpochs);
    s.setLearningRate(learningRate);
    s.setEpochsSinceImprovement(earlyStopping.counter());
    if (earlyStopping.hasBest()) {
      // Named before the end: if the operator has to end the run, it is the result's.
      s.setBestCheckpoint(bestCheckpoint);
    }
    if (earlyStopping.hasBest()) {
      s.setBestEpoch(earlyStopping.bestEpoch());
      s.setBestMetric(earlyStopping.best());
    }
    if (last != null) {
      s.setTrainLoss(last.getTrainLoss());
      s.setValLoss(last.getValLoss());
      s.setValAccuracy(last.getValAccuracy());
      s.setEpochSeconds(last.getEpochSeconds());
      s.setSamplesPerSecond(last.getSamplesPerSecond());
      s.setMonitorValue(monitor.valueIn(last));
    }
    s.setUpdatedAt(clock.instant().toString());
    s.setHistory(historyView);
    return s;
  }
}
