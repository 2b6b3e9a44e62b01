package dev.plateau.operator;

import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.operator.status.ReconcileError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics: JOSDK's own (through its Micrometer integration, aggregated per resource type
 * so their cardinality stays bounded), {@code plateau_runs{phase}}, and per run the training's
 * progress as the operator folds it into the status (see {@link #SERIES_PER_RUN}), labelled {@code
 * namespace} and {@code run}, removed when the run is deleted. It wraps JOSDK's {@link Metrics}
 * because that is where JOSDK reports a run's deletion, which is when the run's series must go.
 */
public final class RunMetrics implements Metrics {

  /**
   * Series one run adds to a scrape: 15 gauges, one {@code plateau_run_phase} per phase, and one
   * {@code plateau_run_end_reason} once it has ended. 1000 runs make 21,000 series.
   */
  public static final int SERIES_PER_RUN = 15 + Phase.values().length + 1;

  private final MeterRegistry registry;
  private final Metrics josdk;
  private final Map<ResourceID, RunGauges> runs = new ConcurrentHashMap<>();
  private final List<Consumer<ResourceID>> deletionListeners = new CopyOnWriteArrayList<>();

  public RunMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.josdk = MicrometerMetrics.withoutPerResourceMetrics(registry);
    for (Phase phase : Phase.values()) {
      Gauge.builder("plateau.runs", runs, r -> count(r, phase))
          .description("TrainingRuns by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Records a run's status after it was computed: what its series show from now on. */
  public void record(TrainingRun run, TrainingRunStatus status) {
    RunGauges gauges = runs.computeIfAbsent(ResourceID.fromResource(run), this::register);
    RunSeries next = RunSeries.of(status);
    RunSeries before = gauges.series;
    gauges.series = next;
    if (!Objects.equals(before.monitor(), next.monitor())) {
      gauges.monitorMeters.forEach(registry::remove);
      gauges.monitorMeters = next.monitor() == null ? List.of() : monitorGauges(gauges, next);
    }
    if (!Objects.equals(before.endReason(), next.endReason())) {
      if (gauges.endReasonMeter != null) {
        registry.remove(gauges.endReasonMeter);
      }
      gauges.endReasonMeter =
          next.endReason() == null
              ? null
              : Gauge.builder("plateau.run.end.reason", () -> 1)
                  .description(
                      "1 with the reason the run ended for (the Complete or Failed condition's)")
                  .tags(gauges.tags.and("reason", next.endReason()))
                  .register(registry);
    }
  }

  /**
   * Counts a failed pass in {@code plateau_reconcile_errors_total{reason}}: the API server's Status
   * reason (Forbidden, Invalid, Conflict, ...), Unreachable or OperatorError; a bounded set.
   */
  public void reconcileFailed(ReconcileError error) {
    Counter.builder("plateau.reconcile.errors")
        .description("Passes over a run that failed, by the reason of the first failed API call")
        .tag("reason", error.reason())
        .register(registry)
        .increment();
  }

  /** Calls {@code listener} with each run JOSDK has finished with after its deletion. */
  public void onRunDeleted(Consumer<ResourceID> listener) {
    deletionListeners.add(listener);
  }

  /** Whether the gauges follow the run; a deleted run's are gone. */
  public boolean tracks(String namespace, String name) {
    return runs.containsKey(new ResourceID(name, namespace));
  }

  /** How many runs the gauges follow now; a deleted run's are gone. */
  public int trackedRuns() {
    return runs.size();
  }

  private RunGauges register(ResourceID id) {
    RunGauges g =
        new RunGauges(Tags.of("namespace", id.getNamespace().orElse(""), "run", id.getName()));
    List<Meter> meters = new ArrayList<>();
    meters.add(gauge(g, "plateau.run.epoch", "Epochs the trainer has finished", RunSeries::epoch));
    meters.add(gauge(g, "plateau.run.max.epochs", "training.maxEpochs", RunSeries::maxEpochs));
    meters.add(
        gauge(
            g,
            "plateau.run.train.loss",
            "Mean training loss of the last epoch",
            RunSeries::trainLoss));
    meters.add(
        gauge(g, "plateau.run.val.loss", "Validation loss of the last epoch", RunSeries::valLoss));
    meters.add(
        gauge(
            g,
            "plateau.run.val.accuracy.ratio",
            "Validation accuracy of the last epoch, 0 to 1",
            RunSeries::valAccuracy));
    meters.add(
        gauge(
            g,
            "plateau.run.epochs.since.improvement",
            "Epochs in a row without improvement; early stopping at patience",
            RunSeries::epochsSinceImprovement));
    meters.add(gauge(g, "plateau.run.patience", "earlyStopping.patience", RunSeries::patience));
    meters.add(
        gauge(g, "plateau.run.learning.rate", "Learning rate in use", RunSeries::learningRate));
    meters.add(
        gauge(
            g,
            "plateau.run.samples.per.second",
            "Training samples per second in the last epoch",
            RunSeries::samplesPerSecond));
    meters.add(
        gauge(
            g,
            "plateau.run.epoch.duration.seconds",
            "Seconds the last epoch took",
            RunSeries::epochSeconds));
    meters.add(
        gauge(
            g,
            "plateau.run.last.progress.timestamp.seconds",
            "Unix time of the trainer's last progress report (before the first, of its start)",
            RunSeries::lastProgressSeconds));
    meters.add(
        gauge(
            g,
            "plateau.run.eta.earliest.stop.seconds",
            "Seconds from the last progress report to the earliest possible early stop",
            RunSeries::earliestStopSeconds));
    meters.add(
        gauge(
            g,
            "plateau.run.eta.max.epochs.seconds",
            "Seconds from the last progress report to the end of maxEpochs",
            RunSeries::maxEpochsSeconds));
    for (Phase phase : Phase.values()) {
      meters.add(
          Gauge.builder("plateau.run.phase", g, x -> x.series.phase() == phase ? 1 : 0)
              .description("1 for the run's phase, 0 for the others")
              .tags(g.tags.and("phase", phase.name()))
              .register(registry));
    }
    g.meters = meters;
    return g;
  }

  private List<Meter> monitorGauges(RunGauges g, RunSeries series) {
    Tags tags = g.tags.and("monitor", series.monitor());
    return List.of(
        Gauge.builder("plateau.run.monitor.value", g, x -> x.series.monitorValue())
            .description("The monitored metric's value in the last epoch")
            .tags(tags)
            .register(registry),
        Gauge.builder("plateau.run.monitor.best.value", g, x -> x.series.bestValue())
            .description("The best value of the monitored metric so far")
            .tags(tags)
            .register(registry));
  }

  private Meter gauge(
      RunGauges g, String name, String description, ToDoubleFunction<RunSeries> value) {
    return Gauge.builder(name, g, x -> value.applyAsDouble(x.series))
        .description(description)
        .tags(g.tags)
        .register(registry);
  }

  private static double count(Map<ResourceID, RunGauges> runs, Phase phase) {
    return runs.values().stream().filter(g -> g.series.phase() == phase).count();
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    josdk.cleanupDoneFor(resourceID, metadata);
    RunGauges gauges = runs.remove(resourceID);
    if (gauges != null) {
      gauges.meters.forEach(registry::remove);
      gauges.monitorMeters.forEach(registry::remove);
      if (gauges.endReasonMeter != null) {
        registry.remove(gauges.endReasonMeter);
      }
    }
    deletionListeners.forEach(listener -> listener.accept(resourceID));
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    josdk.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    josdk.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    josdk.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    josdk.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    josdk.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    josdk.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    josdk.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return josdk.timeControllerExecution(execution);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return josdk.monitorSizeOf(map, name);
  }

  /** One run's series; Micrometer reads {@link #series} at scrape time. */
  private static final class RunGauges {
    final Tags tags;
    volatile RunSeries series = RunSeries.of(new TrainingRunStatus());
    List<Meter> meters = List.of();
    List<Meter> monitorMeters = List.of();
    Meter endReasonMeter;

    RunGauges(Tags tags) {
      this.tags = tags;
    }
  }
}
