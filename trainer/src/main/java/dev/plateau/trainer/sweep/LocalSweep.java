package dev.plateau.trainer.sweep;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.sweep.Pruning;
import dev.plateau.api.sweep.Standings;
import dev.plateau.api.sweep.SweepLedger;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingSweepStatus;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.api.v1alpha1.TrialState;
import dev.plateau.trainer.TrainingSession;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.loop.Interruption;
import dev.plateau.trainer.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs a sweep in this process: {@code parallelism} trials open at once, each on its own thread,
 * but only one trains at a time. A trial holds the turn for one epoch, then queues behind the
 * others (a fair lock), so asynchronous pruning sees results arrive in turn as on a cluster and the
 * cores are never shared by two trainings. Each trial is a whole local run (data, checkpoints,
 * result) in {@code runs/<sweep>/<trial>}; a pruned trial is stopped with the stop request a pod's
 * trainer gets, and ends {@code Pruned}.
 */
public final class LocalSweep {

  /** The file in the sweep's folder that holds its status, rewritten after every change. */
  public static final String STATUS_FILE = "sweep.json";

  /** Starts one trial's training; returns how it ended. */
  @FunctionalInterface
  public interface TrialTraining {
    TrainingSession.Outcome train(
        TrialRecord trial, Interruption interruption, ProgressReporter reporter);
  }

  private final SweepLedger ledger;
  private final Path sweepDir;
  private final TrialTraining training;
  private final Consumer<String> say;
  private final ReentrantLock turn = new ReentrantLock(true);
  private final List<Interruption> live = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * @param ledger the sweep's plan and (empty) trial records
   * @param sweepDir the sweep's folder: {@value #STATUS_FILE} goes there
   * @param training trains one trial (the caller builds its setup)
   * @param say where progress lines go
   */
  public LocalSweep(
      SweepLedger ledger, Path sweepDir, TrialTraining training, Consumer<String> say) {
    this.ledger = ledger;
    this.sweepDir = sweepDir;
    this.training = training;
    this.say = say;
  }

  /** Runs every trial to its end; returns the standings. */
  public Standings run() throws InterruptedException, IOException {
    List<Thread> threads = new ArrayList<>();
    synchronized (ledger) {
      while (!ledger.finished() && !stopping) {
        for (int n : ledger.toCreate()) {
          TrialRecord trial = ledger.created(n);
          Thread thread = new Thread(() -> trial(trial), trial.getName());
          threads.add(thread);
          thread.start();
        }
        writeStatus();
        ledger.wait();
      }
    }
    for (Thread t : threads) {
      t.join();
    }
    synchronized (ledger) {
      writeStatus();
      return ledger.standings(TrainingSweepStatus.LEADERBOARD_SIZE);
    }
  }

  /**
   * Stops every trial at its next batch (last/ saved) and waits up to {@code grace} for the one
   * training now to do so. For Ctrl-C and SIGTERM.
   */
  public void stop(long graceMillis) throws InterruptedException {
    stopping = true;
    synchronized (live) {
      live.forEach(Interruption::request);
    }
    if (turn.tryLock(graceMillis, TimeUnit.MILLISECONDS)) {
      turn.unlock();
    }
  }

  private void trial(TrialRecord trial) {
    Interruption interruption = new Interruption();
    synchronized (live) {
      live.add(interruption);
      if (stopping) {
        interruption.request();
      }
    }
    turn.lock();
    try {
      TrainingSession.Outcome outcome =
          training.train(trial, interruption, new TrialReporter(trial, interruption));
      synchronized (ledger) {
        ended(trial, outcome);
        ledger.notifyAll();
      }
    } finally {
      turn.unlock();
      synchronized (live) {
        live.remove(interruption);
      }
    }
  }

  private void ended(TrialRecord trial, TrainingSession.Outcome outcome) {
    TrainingResult result = outcome.result();
    if (result == null || result.getStopReason() == StopReason.NonFiniteMetric) {
      TerminationMessage m = outcome.message();
      ledger.ended(trial, TrialState.Failed, m.message(), null, null);
      say.accept(
          String.format(
              Locale.ROOT, "%s  failed (%s): %s", trial.getName(), m.reason(), m.message()));
    } else {
      TrialState state =
          result.getStopReason() == StopReason.Pruned ? TrialState.Pruned : TrialState.Completed;
      ledger.ended(
          trial,
          state,
          state == TrialState.Pruned ? null : result.getMessage(),
          result.getBestCheckpoint(),
          result.getTestAccuracy());
      say.accept(
          String.format(
              Locale.ROOT,
              "%s  %s after %d epochs: best %s %s at epoch %s%s",
              trial.getName(),
              result.getStopReason(),
              result.getEpochs(),
              ledger.plan().monitor(),
              format(result.getBestMetric()),
              result.getBestEpoch(),
              result.getTestAccuracy() == null
                  ? ""
                  : String.format(
                      Locale.ROOT, ", test accuracy %.2f%%", 100 * result.getTestAccuracy())));
    }
    writeStatusQuietly();
  }

  /** Folds each epoch into the ledger, judges the trial, and passes the turn on. */
  private final class TrialReporter implements ProgressReporter {
    private final TrialRecord trial;
    private final Interruption interruption;

    TrialReporter(TrialRecord trial, Interruption interruption) {
      this.trial = trial;
      this.interruption = interruption;
    }

    @Override
    public void epoch(EpochRecord record, ProgressSnapshot snapshot) {
      synchronized (ledger) {
        Double value = ledger.plan().monitor().valueIn(record);
        ledger.observe(trial, Map.of(record.getEpoch(), value == null ? Double.NaN : value));
        Pruning verdict = ledger.judge(trial);
        say.accept(
            String.format(
                Locale.ROOT,
                "%s  epoch %3d  %s %s  best %s",
                trial.getName(),
                record.getEpoch(),
                ledger.plan().monitor(),
                format(value),
                format(trial.getBestValue())));
        if (verdict.prune()) {
          ledger.stopRequested(trial, java.time.Instant.now().toString());
          interruption.requestStop(new StopRequest(Reasons.PRUNED, verdict.reason()));
          say.accept(trial.getName() + "  pruned: " + verdict.reason());
        }
        writeStatusQuietly();
      }
      // The turn passes: the fair lock queues this trial behind the others.
      turn.unlock();
      turn.lock();
    }
  }

  private void writeStatusQuietly() {
    try {
      writeStatus();
    } catch (IOException e) {
      say.accept("warning: cannot write " + sweepDir.resolve(STATUS_FILE) + ": " + e.getMessage());
    }
  }

  private void writeStatus() throws IOException {
    TrainingSweepStatus status = new TrainingSweepStatus();
    ledger.fill(status);
    AtomicFiles.write(
        sweepDir.resolve(STATUS_FILE),
        out -> ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out, status));
  }

  static String format(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
