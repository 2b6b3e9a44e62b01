package dev.plateau.trainer.sweep;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.sweep.Pruning;
import dev.plateau.api.sweep.Standings;
import dev.plateau.api.sweep.SweepConditions;
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
import java.util.function.Consumer;

/**
 * Runs a sweep in this process: {@code parallelism} trials open at once, each on its own thread,
 * but only one trains at a time. A trial holds the turn for one epoch, then goes to the back of the
 * queue ({@link Turns}), so asynchronous pruning sees results arrive in turn as on a cluster, the
 * cores are never shared by two trainings, and the order (so every decision) is the same on every
 * run. Each trial is a whole local run (data, checkpoints, result) in {@code runs/<sweep>/<trial>};
 * a pruned trial is stopped with the stop request a pod's trainer gets, and ends {@code Pruned}.
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
  private final Turns turns = new Turns();
  private final List<Interruption> live = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;
  private volatile String signal;

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

  /** Runs every trial to its end (or until {@link #stop}); returns the standings. */
  public Standings run() throws InterruptedException, IOException {
    synchronized (ledger) {
      // A resumed sweep: its unfinished trials go first, in number order, each from its last/.
      for (TrialRecord trial : ledger.trials()) {
        if (trial.getState() == null || !trial.getState().ended()) {
          start(trial);
        }
      }
      refill();
      writeStatus();
      while (!ledger.finished() && !(stopping && liveCount() == 0)) {
        ledger.wait(1000);
      }
    }
    List<Thread> started;
    synchronized (ledger) {
      started = List.copyOf(threads);
    }
    for (Thread t : started) {
      t.join();
    }
    synchronized (ledger) {
      writeStatus();
      return ledger.standings(TrainingSweepStatus.LEADERBOARD_SIZE);
    }
  }

  /**
   * Stops every trial at its next batch (last/ saved; a trial that has not started does not start)
   * and creates no more. For Ctrl-C and SIGTERM.
   */
  public void stop(String signal) {
    this.signal = signal;
    stopping = true;
    synchronized (live) {
      live.forEach(i -> i.request(signal));
    }
  }

  /** Whether {@link #stop} was called, and by which signal (null if not). */
  public String stoppedBy() {
    return stopping ? signal : null;
  }

  /**
   * Creates the trials there is room for and queues them, in number order. Called with the ledger
   * held, at the start and by a trial that ends (before it leaves the queue), so a new trial's
   * place in the queue never depends on timing.
   */
  private void refill() {
    if (stopping) {
      return;
    }
    for (int n : ledger.toCreate()) {
      start(ledger.created(n));
    }
  }

  private void start(TrialRecord trial) {
    Interruption interruption = new Interruption();
    synchronized (live) {
      live.add(interruption);
    }
    turns.join(trial);
    Thread thread = new Thread(() -> trial(trial, interruption), trial.getName());
    threads.add(thread);
    thread.start();
  }

  private int liveCount() {
    synchronized (live) {
      return live.size();
    }
  }

  private void trial(TrialRecord trial, Interruption interruption) {
    TrainingSession.Outcome outcome = null;
    Throwable died = null;
    try {
      turns.await(trial);
      if (interruption.requested()) {
        outcome = null; // stopped before it started: nothing trained, nothing to save
      } else {
        outcome = training.train(trial, interruption, new TrialReporter(trial, interruption));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      died = t; // OutOfMemoryError and the like: the sweep goes on without this trial
    } finally {
      synchronized (ledger) {
        try {
          if (outcome != null) {
            ended(trial, outcome);
          } else if (died != null) {
            ledger.ended(trial, TrialState.Failed, died.toString(), null, null);
            say.accept(trial.getName() + "  failed: " + died);
            writeStatusQuietly();
          }
          // Not started before the stop: it stays Pending, and --resume starts it.
          refill();
        } finally {
          synchronized (live) {
            live.remove(interruption);
          }
          turns.leave(trial);
          ledger.notifyAll();
        }
      }
    }
  }

  private void ended(TrialRecord trial, TrainingSession.Outcome outcome) {
    TrainingResult result = outcome.result();
    if (outcome.exitCode() == ExitCodes.INTERRUPTED
        || outcome.exitCode() == ExitCodes.INTERRUPTED_BY_USER) {
      // Stopped, not ended: last/ is saved, the trial keeps its place, --resume continues it.
      trial.setMessage(outcome.message().message());
      say.accept(trial.getName() + "  " + outcome.message().message());
      writeStatusQuietly();
      return;
    }
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
              "%s  %s after %d %s: best %s %s at epoch %s%s",
              trial.getName(),
              result.getStopReason(),
              result.getEpochs(),
              result.getEpochs() == 1 ? "epoch" : "epochs",
              ledger.plan().monitor(),
              format(trial.getBestValue()),
              trial.getBestEpoch(),
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
                "%s  epoch %3d/%d  %s %s  best %s  %.1fs",
                trial.getName(),
                record.getEpoch(),
                snapshot.getMaxEpochs(),
                ledger.plan().monitor(),
                format(value),
                format(trial.getBestValue()),
                record.getEpochSeconds() == null ? 0.0 : record.getEpochSeconds()));
        if (verdict.prune()) {
          ledger.pruned(trial, verdict, java.time.Instant.now().toString());
          interruption.requestStop(new StopRequest(Reasons.PRUNED, verdict.reason()));
          say.accept(trial.getName() + "  pruned: " + verdict.reason());
        }
        writeStatusQuietly();
      }
      // The turn passes: this trial goes to the back of the queue.
      try {
        turns.pass(trial);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        interruption.request();
      }
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
    SweepConditions.apply(
        status, ledger, stopping && !ledger.finished(), null, java.time.Instant.now());
    AtomicFiles.write(
        sweepDir.resolve(STATUS_FILE),
        out -> ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out, status));
  }

  static String format(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
