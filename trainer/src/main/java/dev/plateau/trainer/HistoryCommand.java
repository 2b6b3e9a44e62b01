package dev.plateau.trainer;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.MetricHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plateau history}: every epoch of a run, from its {@code metrics.jsonl}. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Prints every epoch of a run: losses, accuracy, learning rate, seconds, marks.")
public final class HistoryCommand implements Callable<Integer> {

  /** The columns, in the manifest's and metrics.jsonl's terms. */
  static final List<String> COLUMNS =
      List.of(
          "epoch",
          "train_loss",
          "val_loss",
          "val_accuracy",
          "learning_rate",
          "seconds",
          "samples_per_second",
          "improved",
          "epochs_since_improvement");

  @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, e.g. runs/<name>.")
  Path run;

  @Option(
      names = "--output",
      defaultValue = "table",
      description = "table, json (one object per epoch, a line each) or csv. Default: table.")
  String output;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws IOException {
    List<EpochRecord> epochs = MetricHistory.readRecords(metricsOf(run));
    PrintWriter out = command.commandLine().getOut();
    switch (output) {
      case "json" -> epochs.forEach(e -> out.println(ContractJson.write(e)));
      case "csv" -> {
        try (CSVPrinter csv =
            new CSVPrinter(
                out, CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get())) {
          for (EpochRecord e : epochs) {
            csv.printRecord(
                e.getEpoch(),
                e.getTrainLoss(),
                e.getValLoss(),
                e.getValAccuracy(),
                e.getLearningRate(),
                e.getEpochSeconds(),
                e.getSamplesPerSecond(),
                e.getImproved(),
                e.getEpochsSinceImprovement());
          }
        }
      }
      case "table" ->
          table(
              out,
              epochs,
              FileCheckpointStore.readBest(run.resolve("best"))
                  .map(BestCheckpoint::epoch)
                  .orElse(null));
      default ->
          throw new InvalidInputException("--output must be table, json or csv, not " + output);
    }
    out.flush();
    return 0;
  }

  /** A run folder's metrics.jsonl; a folder without one is not a run. */
  static Path metricsOf(Path run) {
    if (!Files.exists(run)) {
      throw new InvalidInputException(run + " does not exist: name a run folder (runs/<name>)");
    }
    Path file = run.resolve(TrainerPaths.METRICS_FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          run + " holds no " + TrainerPaths.METRICS_FILE + ": name a run folder (runs/<name>)");
    }
    return file;
  }

  private static void table(PrintWriter out, List<EpochRecord> epochs, Integer best) {
    line(
        out,
        "%5s  %10s  %10s  %12s  %13s  %7s  %10s  %s",
        "epoch",
        "train_loss",
        "val_loss",
        "val_accuracy",
        "learning_rate",
        "seconds",
        "samples/s",
        "");
    for (EpochRecord e : epochs) {
      String mark =
          (Boolean.TRUE.equals(e.getImproved()) ? "* improved" : "")
              + (best != null && best.equals(e.getEpoch()) ? "  <- best" : "");
      line(
          out,
          "%5d  %10s  %10s  %12s  %13s  %7.1f  %10.0f  %s",
          e.getEpoch(),
          number(e.getTrainLoss()),
          number(e.getValLoss()),
          number(e.getValAccuracy()),
          e.getLearningRate() == null
              ? "-"
              : String.format(Locale.ROOT, "%.3g", e.getLearningRate()),
          e.getEpochSeconds() == null ? 0.0 : e.getEpochSeconds(),
          e.getSamplesPerSecond() == null ? 0.0 : e.getSamplesPerSecond(),
          mark.strip());
    }
  }

  private static void line(PrintWriter out, String format, Object... values) {
    out.println(String.format(Locale.ROOT, format, values).stripTrailing());
  }

  private static String number(Double value) {
    return value == null ? "nan" : String.format(Locale.ROOT, "%.4f", value);
  }
}
