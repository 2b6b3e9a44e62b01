package dev.plateau.operator;

import dev.plateau.operator.reconciler.TrainingRunReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's entry point. With no environment it runs as a developer would run it outside a
 * cluster: the kubeconfig's cluster, all namespaces, no leader election. The chart configures it
 * through the variables in {@link OperatorSettings}.
 */
public final class PlateauOperator {

  private static final Logger LOG = LoggerFactory.getLogger(PlateauOperator.class);

  private PlateauOperator() {}

  /** The registry {@code /metrics} serves, with the JVM's memory, GC, thread and CPU meters. */
  public static PrometheusMeterRegistry meterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  public static void main(String[] args) {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = meterRegistry();
    AtomicBoolean stopping = new AtomicBoolean();
    Operator operator =
        create(
            client,
            settings,
            new RunMetrics(registry),
            Clock.systemUTC(),
            true,
            () -> exitUnlessStopping(stopping));
    HttpEndpoints endpoints = HttpEndpoints.start(settings, registry, operator.getRuntimeInfo());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  stopping.set(true);
                  operator.stop();
                  endpoints.close();
                },
                "plateau-shutdown"));
    LOG.info(
        "Plateau operator {} watching {}, leader election {}, metrics on :{}, health on :{}",
        OperatorVersion.get(),
        settings.watchesAllNamespaces() ? "all namespaces" : settings.watchNamespaces(),
        settings.leaderElection() ? "on" : "off",
        endpoints.metricsPort(),
        endpoints.healthPort());
    try {
      operator.start();
    } catch (OperatorException e) {
      LOG.error(
          "cannot start: {}; is the API server at {} reachable, with TrainingRun's CRD installed?",
          rootMessage(e),
          client.getMasterUrl());
      stopping.set(true);
      endpoints.close();
      System.exit(1);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return e.getMessage() + " (" + message + ")";
  }

  /**
   * A replica that lost the Lease must stop reconciling at once, or two replicas write at the same
   * time. JOSDK's own exit on losing it (exitOnStopLeading) also fires while the shutdown hook
   * stops the operator, and calling System.exit from a shutdown hook hangs the JVM; so it is off,
   * and this exits from another thread, unless the operator is stopping anyway.
   */
  private static void exitUnlessStopping(AtomicBoolean stopping) {
    if (!stopping.get()) {
      LOG.error("lost the leader Lease: exiting so that only the new leader reconciles");
      new Thread(() -> System.exit(1), "plateau-lost-lease").start();
    }
  }

  /**
   * Who holds the Lease: the pod's name (HOSTNAME) for people, plus a random part so that two
   * processes never share an identity, which would let both lead.
   */
  static String identity() {
    String host = System.getenv("HOSTNAME");
    String prefix = host == null || host.isBlank() ? "plateau-operator" : host;
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * An operator with the TrainingRun controller registered, not yet started.
   *
   * @param closeClientOnStop false when the caller owns the client (tests)
   * @param onLostLeadership what to do when another replica took the Lease
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      RunMetrics metrics,
      Clock clock,
      boolean closeClientOnStop,
      Runnable onLostLeadership) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(metrics)
                  .withCloseClientOnStop(closeClientOnStop);
              if (!settings.serverSideApply()) {
                o.withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false);
              }
              if (settings.leaderElection()) {
                // exitOnStopLeading=false: with JOSDK 5.2.3's default, stop() from the shutdown
                // hook hangs the process on SIGTERM. onLostLeadership exits instead.
                var leaderElection =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            settings.leaseName())
                        .withIdentity(identity())
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> LOG.info("leading: reconciling TrainingRuns"),
                                onLostLeadership,
                                leader -> LOG.info("the leader is {}", leader)));
                if (settings.leaderElectionNamespace() != null) {
                  leaderElection.withLeaseNamespace(settings.leaderElectionNamespace());
                }
                o.withLeaderElectionConfiguration(leaderElection.build());
              }
            });
    operator.register(
        new TrainingRunReconciler(settings, client, metrics, clock),
        c -> {
          c.withRetry(TrainingRunReconciler.RETRY);
          if (settings.watchesAllNamespaces()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.watchNamespaces());
          }
        });
    return operator;
  }
}
