package dev.plateau.trainer.progress;

import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.status.EtaEstimate;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressEta;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress for people: on a terminal a bar within the epoch (batches, the running training loss,
 * samples/s and the time the epoch has left), and one line per epoch with the metrics, the patience
 * counter, a mark on improvement and when the run may end (the {@link EtaEstimate}: the earliest
 * early stop to maxEpochs); a summary at the end.
 */
public final class ConsoleReporter implements ProgressReporter {

  /** The bar redraws at most 5 times a second: each redraw reads the loss from the engine. */
  static final long BAR_INTERVAL_NANOS = 200_000_000L;

  private static final int BAR_WIDTH = 20;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean bar;
  private final boolean epochs;
  private final LongSupplier nanoTime;
  private long lastBar;
  private int barLength;

  /**
   * @param out where to print progress
   * @param err where a failure goes, as {@code plateau: <what is wrong>: <what to do>}
   * @param bar whether to draw the in-epoch bar (only on an interactive terminal)
   */
  public ConsoleReporter(PrintWriter out, PrintWriter err, boolean bar) {
    this(out, err, bar, true);
  }

  /**
   * @param epochs whether to print a line per epoch (not with {@code --quiet}, which prints only
   *     the end)
   */
  public ConsoleReporter(PrintWriter out, PrintWriter err, boolean bar, boolean epochs) {
    this(out, err, bar, epochs, System::nanoTime);
  }

  ConsoleReporter(
      PrintWriter out, PrintWriter err, boolean bar, boolean epochs, LongSupplier nanoTime) {
    this.out = out;
    this.err = err;
    this.bar = bar && epochs;
    this.epochs = epochs;
    this.nanoTime = nanoTime;
    this.lastBar = nanoTime.getAsLong() - BAR_INTERVAL_NANOS;
  }

  @Override
  public void batch(ProgressSnapshot s, EpochUnderWay epoch) {
    if (!bar || s.getStepsPerEpoch() == null || s.getStepsPerEpoch() == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now - lastBar < BAR_INTERVAL_NANOS) {
      return;
    }
    lastBar = now;
    String line = barLine(s, epoch);
    out.print("\r" + line + " ".repeat(Math.max(0, barLength - line.length())));
    out.flush();
    barLength = line.length();
  }

  /**
   * The bar of the epoch under way, e.g. {@code epoch 3/40 [======> ...] 140/422 loss 0.4213
   * 52104/s ETA 0:01}; under 80 columns for up to 99,999 steps and a million samples/s.
   */
  static String barLine(ProgressSnapshot s, EpochUnderWay epoch) {
    int filled = (int) ((long) BAR_WIDTH * s.getStep() / s.getStepsPerEpoch());
    double loss = epoch.trainLoss();
    double speed = epoch.samplesPerSecond();
    double left = epoch.secondsLeft();
    return String.format(
        Locale.ROOT,
        "epoch %3d/%d [%s%s] %d/%d  loss %s  %s/s  ETA %s",
        s.getEpoch() + 1,
        s.getMaxEpochs(),
        "=".repeat(filled),
        " ".repeat(BAR_WIDTH - filled),
        s.getStep(),
        s.getStepsPerEpoch(),
        Double.isFinite(loss) ? String.format(Locale.ROOT, "%.4f", loss) : "-",
        Double.isFinite(speed) ? String.format(Locale.ROOT, "%.0f", speed) : "-",
        Double.isFinite(left) ? duration(left) : "-");
  }

  @Override
  public void epoch(EpochRecord r, ProgressSnapshot s) {
    if (!epochs) {
      return;
    }
    clearBar();
    out.println(line(r, s));
    out.flush();
  }

  /** The line printed for a finished epoch. */
  static String line(EpochRecord r, ProgressSnapshot s) {
    return String.format(
            Locale.ROOT,
            "epoch %3d/%d  train_loss %s  val_loss %s  val_accuracy %s  lr %.3g  %5.1fs  %6.0f"
                + " samples/s"
                + "  patience %d/%d%s",
            r.getEpoch(),
            s.getMaxEpochs(),
            number(r.getTrainLoss()),
            number(r.getValLoss()),
            number(r.getValAccuracy()),
            r.getLearningRate(),
            r.getEpochSeconds(),
            r.getSamplesPerSecond(),
            r.getEpochsSinceImprovement(),
            s.getPatience(),
            Boolean.TRUE.equals(r.getImproved()) ? "  * best " + s.getMonitor() : "")
        + ends(s);
  }

  /**
   * When the run may end, from {@link EtaEstimate}: {@code ends in 0:04 (early stop at epoch 9) to
   * 0:14 (maxEpochs)}; empty without an estimate.
   */
  static String ends(ProgressSnapshot s) {
    ProgressEta eta = EtaEstimate.of(s, 0);
    if (eta == null) {
      return "";
    }
    if (eta.getEarliestStopEpoch().equals(s.getMaxEpochs())) {
      return "  ends in " + duration(eta.getMaxEpochsSeconds()) + " (maxEpochs)";
    }
    return String.format(
        Locale.ROOT,
        "  ends in %s (early stop at epoch %d) to %s (maxEpochs)",
        duration(eta.getEarliestStopSeconds()),
        eta.getEarliestStopEpoch(),
        duration(eta.getMaxEpochsSeconds()));
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String duration(double seconds) {
    long total = Math.round(Math.max(0, seconds));
    long hours = total / 3600;
    long minutes = total / 60 % 60;
    long secs = total % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
  }

  @Override
  public void finished(TrainingResult result, ProgressSnapshot snapshot) {
    clearBar();
    out.println(result.getMessage());
    if (result.getBestCheckpoint() != null) {
      out.println("best checkpoint: " + result.getBestCheckpoint().getPath());
    }
    out.flush();
  }

  @Override
  public void failed(TerminationMessage message) {
    clearBar();
    out.flush();
    err.println("plateau: " + message.message());
    err.flush();
  }

  private void clearBar() {
    if (barLength > 0) {
      out.print("\r" + " ".repeat(barLength) + "\r");
      barLength = 0;
    }
  }

  private static String number(Double value) {
    return value == null ? "   nan" : String.format(Locale.ROOT, "%.4f", value);
  }
}
