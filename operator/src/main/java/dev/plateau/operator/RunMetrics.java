package dev.plateau.operator;

import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Prometheus metrics: JOSDK's own (through its Micrometer integration, aggregated per resource type
 * so their cardinality stays bounded), {@code plateau_runs{phase}}, and per run {@code
 * plateau_run_epoch} and {@code plateau_run_best_metric}. It wraps JOSDK's {@link Metrics} because
 * that is where JOSDK reports a run's deletion, which is when the run's gauges must go.
 */
public final class RunMetrics implements Metrics {

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

  /** Records a run's phase and progress after its status was computed. */
  public void record(TrainingRun run, Phase phase, ProgressSnapshot progress) {
    RunGauges gauges = runs.computeIfAbsent(ResourceID.fromResource(run), this::register);
    gauges.phase = phase;
    gauges.epoch =
        progress == null || progress.getEpoch() == null ? Double.NaN : progress.getEpoch();
    gauges.bestMetric =
        progress == null || progress.getBestMetric() == null
            ? Double.NaN
            : progress.getBestMetric();
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
    RunGauges gauges = new RunGauges();
    Tags tags = Tags.of("namespace", id.getNamespace().orElse(""), "name", id.getName());
    gauges.meters =
        List.of(
            Gauge.builder("plateau.run.epoch", gauges, g -> g.epoch)
                .description("Epochs the run's trainer has finished")
                .tags(tags)
                .register(registry),
            Gauge.builder("plateau.run.best.metric", gauges, g -> g.bestMetric)
                .description("Best value of the run's monitored metric so far")
                .tags(tags)
                .register(registry));
    return gauges;
  }

  private static double count(Map<ResourceID, RunGauges> runs, Phase phase) {
    return runs.values().stream().filter(g -> g.phase == phase).count();
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    josdk.cleanupDoneFor(resourceID, metadata);
    RunGauges gauges = runs.remove(resourceID);
    if (gauges != null) {
      gauges.meters.forEach(registry::remove);
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

  /** The live values of one run's gauges; Micrometer reads them at scrape time. */
  private static final class RunGauges {
    volatile Phase phase;
    volatile double epoch = Double.NaN;
    volatile double bestMetric = Double.NaN;
    List<Meter> meters = List.of();
  }
}
