package dev.plateau.trainer.progress;

import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress for people: on a terminal a bar within the epoch, and one line per epoch with the
 * metrics, the patience counter and a mark on improvement; a summary at the end.
 */
public final class ConsoleReporter implements ProgressReporter {

  private static final long BAR_INTERVAL_NANOS = 200_000_000L;
  private static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean bar;
  private final boolean epochs;
  private long lastBar;
  private boolean barShown;

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
    this.out = out;
    this.err = err;
    this.bar = bar && epochs;
    this.epochs = epochs;
  }

  @Override
  public void batch(ProgressSnapshot s) {
    if (!bar || s.getStepsPerEpoch() == null || s.getStepsPerEpoch() == 0) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastBar < BAR_INTERVAL_NANOS && !s.getStep().equals(s.getStepsPerEpoch())) {
      return;
    }
    lastBar = now;
    int filled = (int) ((long) BAR_WIDTH * s.getStep() / s.getStepsPerEpoch());
    out.printf(
        Locale.ROOT,
        "\repoch %3d/%d [%s%s] %d/%d",
        s.getEpoch() + 1,
        s.getMaxEpochs(),
        "=".repeat(filled),
        " ".repeat(BAR_WIDTH - filled),
        s.getStep(),
        s.getStepsPerEpoch());
    out.flush();
    barShown = true;
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
        Boolean.TRUE.equals(r.getImproved()) ? "  * best " + s.getMonitor() : "");
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
    if (barShown) {
      out.print("\r" + " ".repeat(BAR_WIDTH + 30) + "\r");
      barShown = false;
    }
  }

  private static String number(Double value) {
    return value == null ? "   nan" : String.format(Locale.ROOT, "%.4f", value);
  }
}
