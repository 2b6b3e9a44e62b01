package dev.plateau.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.status.Condition;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Phase;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressEta;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Prometheus scrape shows of runs: their progress, phase and end, gone with the run. */
class RunMetricsTest {

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final RunMetrics metrics = new RunMetrics(registry);
  final TrainingRun run = TestRuns.manifest("fashion-mlp", "team-a");

  static TrainingRunStatus training(int epoch) {
    ProgressSnapshot p = new ProgressSnapshot();
    p.setEpoch(epoch);
    p.setMaxEpochs(40);
    p.setTrainLoss(0.31);
    p.setValLoss(0.3125);
    p.setValAccuracy(0.8875);
    p.setMonitor(Monitor.VAL_LOSS);
    p.setMode(Mode.MIN);
    p.setMonitorValue(0.3125);
    p.setBestMetric(0.3);
    p.setEpochsSinceImprovement(2);
    p.setPatience(4);
    p.setLearningRate(0.001);
    p.setSamplesPerSecond(25000.0);
    p.setEpochSeconds(2.5);
    p.setUpdatedAt("2026-11-30T12:00:00Z");
    ProgressEta eta = new ProgressEta();
    eta.setEarliestStopSeconds(5.0);
    eta.setMaxEpochsSeconds(80.0);
    p.setEta(eta);
    TrainingRunStatus status = new TrainingRunStatus();
    status.setPhase(Phase.Running);
    status.setProgress(p);
    status.setConditions(
        List.of(
            condition(ConditionTypes.RUNNING, "True", Reasons.TRAINING, "2026-11-30T11:00:00Z")));
    return status;
  }

  /** A condition of generation 1 with no message. */
  static Condition condition(String type, String status, String reason, String since) {
    return new Condition(type, status, reason, "", since, 1L);
  }

  /** A run that ended with {@code Complete=True/EarlyStopped}. */
  static TrainingRunStatus earlyStopped() {
    TrainingRunStatus ended = training(9);
    ended.setConditions(
        List.of(
            condition(
                ConditionTypes.COMPLETE, "True", Reasons.EARLY_STOPPED, "2026-11-30T12:01:00Z")));
    return ended;
  }

  String series(String name) {
    return name + "{namespace=\"team-a\",run=\"fashion-mlp\"}";
  }

  @Test
  void aTrainingRunsProgressIsScraped() {
    metrics.record(run, training(7));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            series("plateau_run_epoch") + " 7.0",
            series("plateau_run_max_epochs") + " 40.0",
            series("plateau_run_train_loss") + " 0.31",
            series("plateau_run_val_loss") + " 0.3125",
            series("plateau_run_val_accuracy_ratio") + " 0.8875",
            series("plateau_run_epochs_since_improvement") + " 2.0",
            series("plateau_run_patience") + " 4.0",
            series("plateau_run_learning_rate") + " 0.001",
            series("plateau_run_samples_per_second") + " 25000.0",
            series("plateau_run_epoch_duration_seconds") + " 2.5",
            series("plateau_run_last_progress_timestamp_seconds") + " 1.79604E9",
            series("plateau_run_eta_earliest_stop_seconds") + " 5.0",
            series("plateau_run_eta_max_epochs_seconds") + " 80.0",
            "plateau_run_monitor_value{monitor=\"val_loss\",namespace=\"team-a\",run=\"fashion-mlp\"} 0.3125",
            "plateau_run_monitor_best_value{monitor=\"val_loss\",namespace=\"team-a\",run=\"fashion-mlp\"} 0.3",
            "plateau_run_phase{namespace=\"team-a\",phase=\"Running\",run=\"fashion-mlp\"} 1.0",
            "plateau_run_phase{namespace=\"team-a\",phase=\"Pending\",run=\"fashion-mlp\"} 0.0",
            "plateau_runs{phase=\"Running\"} 1.0");
    assertThat(scrape).doesNotContain("plateau_run_end_reason");
  }

  @Test
  void anEndedRunSaysWhyAndEveryRunHasABoundedSetOfSeries() {
    TrainingRunStatus ended = training(9);
    ended.setPhase(Phase.Failed);
    ended.setConditions(
        List.of(
            condition(
                ConditionTypes.FAILED, "True", Reasons.NON_FINITE_METRIC, "2026-11-30T12:01:00Z"),
            condition(
                ConditionTypes.COMPLETE,
                "False",
                Reasons.NON_FINITE_METRIC,
                "2026-11-30T12:01:00Z")));
    metrics.record(run, training(8));
    metrics.record(run, ended);

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "plateau_run_end_reason{namespace=\"team-a\",reason=\"NonFiniteMetric\",run=\"fashion-mlp\"} 1.0",
            "plateau_run_phase{namespace=\"team-a\",phase=\"Failed\",run=\"fashion-mlp\"} 1.0",
            "plateau_run_phase{namespace=\"team-a\",phase=\"Running\",run=\"fashion-mlp\"} 0.0");
    assertThat(runSeries(scrape)).hasSize(RunMetrics.SERIES_PER_RUN);
  }

  @Test
  void beforeTheFirstReportTheStartCountsAsProgressAndValuesAreNaN() {
    TrainingRunStatus started = training(0);
    started.setProgress(null);

    metrics.record(run, started);
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            series("plateau_run_last_progress_timestamp_seconds") + " 1.7960364E9",
            series("plateau_run_epoch") + " NaN")
        .doesNotContain("plateau_run_monitor_value");
  }

  @Test
  void aRunResumedAfterALongSuspensionCountsFromItsRestart() {
    TrainingRunStatus resumed = training(7); // last report 12:00
    resumed.setConditions(
        List.of(
            condition(ConditionTypes.RUNNING, "True", Reasons.TRAINING, "2026-11-30T14:00:00Z")));

    metrics.record(run, resumed);

    assertThat(registry.scrape())
        .contains(series("plateau_run_last_progress_timestamp_seconds") + " 1.7960472E9");
  }

  @Test
  void aDeletedRunsSeriesAreGone() {
    metrics.record(run, training(7));
    metrics.record(run, earlyStopped());

    metrics.cleanupDoneFor(ResourceID.fromResource(run), Map.of());

    assertThat(runSeries(registry.scrape())).isEmpty();
    assertThat(metrics.trackedRuns()).isZero();
  }

  @Test
  void theReadmeListsEverySeriesOfARun() throws Exception {
    metrics.record(run, earlyStopped());
    String readme = Files.readString(Path.of("../README.md"));

    List<String> names =
        runSeries(registry.scrape()).stream()
            .map(line -> line.substring(0, line.indexOf('{')))
            .distinct()
            .toList();

    assertThat(names).hasSize(17);
    assertThat(names).allSatisfy(name -> assertThat(readme).contains("`" + name));
  }

  /** The scraped sample lines that belong to the run. */
  static List<String> runSeries(String scrape) {
    List<String> lines = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith("#") && line.contains("run=\"fashion-mlp\"")) {
        lines.add(line);
      }
    }
    return lines;
  }
}
