package dev.plateau.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.MetricHistory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.jfree.svg.ViewBox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plateau plot}: the training curves of one or more runs, drawn with JFreeChart: training
 * and validation loss (left axis) and validation accuracy (right axis) per epoch, the best epoch
 * and the stop marked, learning-rate drops shown. Without {@code --out}, a text sparkline of the
 * monitored metric per run.
 */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description =
        "Charts runs' losses and accuracy per epoch (PNG or SVG), or a sparkline per run.")
public final class PlotCommand implements Callable<Integer> {

  private static final String SPARKS = "▁▂▃▄▅▆▇█";
  private static final int WIDTH = 1100;

  /** Okabe and Ito, "Color Universal Design" (2008): told apart with any colour vision. */
  private static final Color[] RUN_COLORS = {
    new Color(0, 114, 178),
    new Color(213, 94, 0),
    new Color(0, 158, 115),
    new Color(204, 121, 167),
    new Color(230, 159, 0),
    new Color(86, 180, 233),
    new Color(0, 0, 0)
  };

  private static final int HEIGHT = 650;

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders, e.g. runs/<name>.")
  List<Path> runs;

  @Option(
      names = "--out",
      paramLabel = "FILE.png|FILE.svg",
      description = "Where to write the chart, as PNG or SVG (by the file's extension).")
  Path out;

  @Spec CommandSpec command;

  /**
   * One run's history and how it ended (null while it runs).
   *
   * @param monitor the run's monitored metric: the result's, else the one its last/ checkpoint
   *     records (a run under way or interrupted), else val_loss
   */
  record Curve(String name, List<EpochRecord> epochs, TrainingResult result, Monitor monitor) {}

  @Override
  public Integer call() throws IOException {
    List<Curve> curves = new ArrayList<>();
    for (Path run : runs) {
      Path metrics = HistoryCommand.metricsOf(run);
      Path resultFile = run.resolve(TrainerPaths.RESULT_FILE);
      TrainingResult result =
          Files.isRegularFile(resultFile)
              ? ContractJson.read(Files.readString(resultFile), TrainingResult.class)
              : null;
      String name = run.toAbsolutePath().normalize().getFileName().toString();
      String unique = name;
      for (int n = 2; taken(curves, unique); n++) {
        unique = name + " #" + n;
      }
      curves.add(
          new Curve(unique, MetricHistory.readRecords(metrics), result, monitorOf(run, result)));
    }
    PrintWriter console = command.commandLine().getOut();
    if (out == null) {
      curves.forEach(c -> console.println(sparkline(c)));
    } else {
      String file = out.getFileName().toString().toLowerCase(Locale.ROOT);
      if (!file.endsWith(".png") && !file.endsWith(".svg")) {
        throw new InvalidInputException("--out must name a .png or .svg file, not " + out);
      }
      try {
        if (file.endsWith(".png")) {
          ChartUtils.saveChartAsPNG(out.toFile(), chart(curves), WIDTH, HEIGHT);
        } else {
          SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
          chart(curves).draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
          // With a viewBox the chart scales when a page embeds it.
          SVGUtils.writeToSVG(
              out.toFile(),
              svg.getSVGElement(null, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null));
        }
      } catch (IOException e) {
        throw new InvalidInputException(
            "cannot write " + out + " (" + e.getMessage() + "): name a file in a writable folder");
      }
      console.println("wrote " + out);
    }
    console.flush();
    return 0;
  }

  /** The monitored metric: from the result, else from last/state.json's definition. */
  static Monitor monitorOf(Path run, TrainingResult result) {
    if (result != null && result.getMonitor() != null) {
      return result.getMonitor();
    }
    try {
      JsonNode monitor =
          new FileCheckpointStore(run)
              .readLast()
              .map(last -> last.state().definition())
              .map(definition -> definition.path("earlyStopping").path("monitor"))
              .orElse(null);
      if (monitor != null && monitor.isTextual()) {
        return ContractJson.mapper().treeToValue(monitor, Monitor.class);
      }
    } catch (IOException | IllegalArgumentException e) {
      // an unreadable or older last/: the default
    }
    return Monitor.VAL_LOSS;
  }

  private static boolean taken(List<Curve> curves, String name) {
    return curves.stream().anyMatch(c -> c.name().equals(name));
  }

  /** e.g. {@code fashion-mlp val_loss ▇▅▄▃▂▂▁▁ 0.4113 -> 0.2765, best 0.2760 at epoch 19}. */
  static String sparkline(Curve c) {
    Monitor monitor = c.monitor();
    List<Double> values = new ArrayList<>();
    for (EpochRecord e : c.epochs()) {
      Double v = monitor.valueIn(e);
      values.add(v);
    }
    double min = values.stream().filter(v -> v != null).mapToDouble(v -> v).min().orElse(0);
    double max = values.stream().filter(v -> v != null).mapToDouble(v -> v).max().orElse(0);
    StringBuilder line = new StringBuilder();
    for (Double v : values) {
      if (v == null) {
        line.append('×');
      } else {
        int i = max == min ? 0 : (int) Math.round((v - min) / (max - min) * (SPARKS.length() - 1));
        line.append(SPARKS.charAt(i));
      }
    }
    StringBuilder text =
        new StringBuilder(String.format(Locale.ROOT, "%s  %s %s", c.name(), monitor, line));
    if (!values.isEmpty() && values.get(0) != null && values.get(values.size() - 1) != null) {
      text.append(
          String.format(
              Locale.ROOT, "  %.4f -> %.4f", values.get(0), values.get(values.size() - 1)));
    }
    if (c.result() != null && c.result().getBestEpoch() != null) {
      text.append(
          String.format(
              Locale.ROOT,
              ", best %.4f at epoch %d, %s at %d",
              c.result().getBestMetric(),
              c.result().getBestEpoch(),
              c.result().getStopReason(),
              c.result().getEpochs()));
    }
    return text.toString();
  }

  static JFreeChart chart(List<Curve> curves) {
    XYSeriesCollection losses = new XYSeriesCollection();
    XYSeriesCollection accuracy = new XYSeriesCollection();
    for (Curve c : curves) {
      String prefix = curves.size() > 1 ? c.name() + " " : "";
      XYSeries train = new XYSeries(prefix + "train_loss");
      XYSeries val = new XYSeries(prefix + "val_loss");
      XYSeries acc = new XYSeries(prefix + "val_accuracy");
      for (EpochRecord e : c.epochs()) {
        if (e.getTrainLoss() != null) {
          train.add(e.getEpoch(), e.getTrainLoss());
        }
        if (e.getValLoss() != null) {
          val.add(e.getEpoch(), e.getValLoss());
        }
        if (e.getValAccuracy() != null) {
          acc.add(e.getEpoch(), e.getValAccuracy());
        }
      }
      losses.addSeries(train);
      losses.addSeries(val);
      accuracy.addSeries(acc);
    }
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis lossAxis = new NumberAxis("loss");
    lossAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(losses, epochs, lossAxis, new XYLineAndShapeRenderer(true, false));
    NumberAxis accuracyAxis = new NumberAxis("validation accuracy");
    accuracyAxis.setAutoRangeIncludesZero(false);
    plot.setRangeAxis(1, accuracyAxis);
    plot.setDataset(1, accuracy);
    plot.mapDatasetToRangeAxis(1, 1);
    XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.size(); i++) {
      dashed.setSeriesStroke(
          i,
          new BasicStroke(
              1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    plot.setRenderer(1, dashed);
    if (curves.size() > 1) {
      // One colour per run (Okabe and Ito's palette, safe for colour blindness): training loss
      // thin and pale, validation loss thick, validation accuracy dashed.
      XYItemRenderer solid = plot.getRenderer(0);
      for (int i = 0; i < curves.size(); i++) {
        Color color = RUN_COLORS[i % RUN_COLORS.length];
        solid.setSeriesPaint(
            2 * i, new Color(color.getRed(), color.getGreen(), color.getBlue(), 120));
        solid.setSeriesStroke(2 * i, new BasicStroke(1.0f));
        solid.setSeriesPaint(2 * i + 1, color);
        solid.setSeriesStroke(2 * i + 1, new BasicStroke(2.2f));
        dashed.setSeriesPaint(i, color);
      }
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (int run = 0; run < curves.size(); run++) {
      Curve c = curves.get(run);
      String prefix = curves.size() > 1 ? c.name() + ": " : "";
      Double previousRate = null;
      for (EpochRecord e : c.epochs()) {
        Double rate = e.getLearningRate();
        if (previousRate != null && rate != null && rate < previousRate) {
          ValueMarker drop =
              marker(e.getEpoch(), new Color(130, 130, 130), prefix + "lr " + format(rate), 0.7f);
          drop.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
          drop.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
          plot.addDomainMarker(drop);
        }
        previousRate = rate;
      }
      if (c.result() != null && c.result().getBestEpoch() != null) {
        plot.addDomainMarker(
            marker(
                c.result().getBestEpoch(), new Color(0, 140, 0), prefix + "best", 1.5f, 2 * run));
      }
      if (c.result() != null) {
        plot.addDomainMarker(
            marker(
                c.result().getEpochs(),
                new Color(200, 0, 0),
                prefix + "stop (" + c.result().getStopReason() + ")",
                1.5f,
                2 * run + 1));
      }
    }
    String title = curves.size() == 1 ? curves.get(0).name() : curves.size() + " runs";
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static ValueMarker marker(int epoch, Color color, String label, float width) {
    return marker(epoch, color, label, width, 0);
  }

  /** A marker whose label sits on text line {@code line} from the top, so labels never overlap. */
  private static ValueMarker marker(int epoch, Color color, String label, float width, int line) {
    ValueMarker m = new ValueMarker(epoch, color, new BasicStroke(width));
    m.setLabelOffset(new RectangleInsets(3 + 14 * line, 3, 3, 3));
    m.setLabel(label);
    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
    m.setLabelPaint(color);
    m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
    return m;
  }

  private static String format(double rate) {
    return String.format(Locale.ROOT, "%.2g", rate);
  }
}
