package dev.plateau.operator.it;

import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.PlateauOperator;
import dev.plateau.operator.RunMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real operator, as {@code main} builds it, against a {@link MockCluster}: no server-side apply
 * (the mock server has none), and its own client, which it does not close.
 */
public final class RunningOperator implements AutoCloseable {

  private final KubernetesClient client;
  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final RunMetrics metrics;
  private final AtomicInteger lostLeadership = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private RunningOperator(MockCluster cluster, OperatorSettings settings) {
    this.client = cluster.newOperatorClient();
    this.registry = PlateauOperator.meterRegistry();
    this.metrics = new RunMetrics(registry);
    this.operator =
        PlateauOperator.create(
            client,
            settings.withServerSideApply(false),
            metrics,
            Clock.systemUTC(),
            false,
            lostLeadership::incrementAndGet);
  }

  public static RunningOperator start(MockCluster cluster) {
    return start(cluster, OperatorSettings.defaults());
  }

  public static RunningOperator start(MockCluster cluster, OperatorSettings settings) {
    RunningOperator running = new RunningOperator(cluster, settings);
    running.operator.start();
    return running;
  }

  public Operator operator() {
    return operator;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** How often it was told it lost the leader Lease (stopping it tells it too). */
  public int lostLeadership() {
    return lostLeadership.get();
  }

  public RunMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    operator.stop();
    client.close();
  }
}
