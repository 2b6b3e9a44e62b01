package dev.plateau.operator;

import dev.plateau.operator.reconciler.TrainingRunReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
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

  public static void main(String[] args) {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Operator operator = create(client, settings, new RunMetrics(registry), Clock.systemUTC(), true);
    HttpEndpoints endpoints = HttpEndpoints.start(settings, registry, operator.getRuntimeInfo());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
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
    operator.start();
  }

  /**
   * An operator with the TrainingRun controller registered, not yet started.
   *
   * @param closeClientOnStop false when the caller owns the client (tests)
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      RunMetrics metrics,
      Clock clock,
      boolean closeClientOnStop) {
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
                // hook hangs the process on SIGTERM.
                var leaderElection =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            settings.leaseName())
                        .withExitOnStopLeading(false);
                if (settings.leaderElectionNamespace() != null) {
                  leaderElection.withLeaseNamespace(settings.leaderElectionNamespace());
                }
                o.withLeaderElectionConfiguration(leaderElection.build());
              }
            });
    operator.register(
        new TrainingRunReconciler(settings, client, metrics, clock),
        c -> {
          if (settings.watchesAllNamespaces()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.watchNamespaces());
          }
        });
    return operator;
  }
}
