package dev.plateau.operator;

import dev.plateau.api.contract.KubernetesVersion;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingSweep;
import dev.plateau.operator.reconciler.TrainingRunReconciler;
import dev.plateau.operator.reconciler.TrainingSweepReconciler;
import dev.plateau.operator.status.ApiCallFailed;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.autoConfigure(null))
                    .withMaxConcurrentRequests(settings.throughput().maxConcurrentRequests())
                    .withMaxConcurrentRequestsPerHost(
                        settings.throughput().maxConcurrentRequestsPerHost())
                    .build())
            .build();
    try {
      settings = preflight(client, settings);
    } catch (ServerCompatibility.Unsupported e) {
      LOG.error("cannot start: {}", e.getMessage());
      System.exit(1);
    } catch (KubernetesClientException e) {
      LOG.error("cannot start: {}", unreachable(client.getMasterUrl().toString(), e));
      System.exit(1);
    } catch (IllegalArgumentException e) {
      // /version answered, but with no version in it.
      LOG.error("cannot start: the API server at {} {}", client.getMasterUrl(), e.getMessage());
      System.exit(1);
    }
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

  /**
   * Checks the API server before anything starts: its version ({@code /version}) against {@link
   * KubernetesVersion#MINIMUM} and, by discovery, the resources the operator needs. Says once what
   * an older server, allowed by {@code PLATEAU_ALLOW_OLD_KUBERNETES}, costs.
   *
   * @return the settings for this server
   * @throws ServerCompatibility.Unsupported with the one sentence to print
   */
  public static OperatorSettings preflight(KubernetesClient client, OperatorSettings settings)
      throws ServerCompatibility.Unsupported {
    VersionInfo info = client.getKubernetesVersion();
    KubernetesVersion version =
        KubernetesVersion.parse(info.getMajor(), info.getMinor(), info.getGitVersion());
    ServerCompatibility server =
        ServerCompatibility.check(
            client.getMasterUrl().toString(),
            version,
            missingResources(client, settings),
            settings.allowOldKubernetes());
    server.warnings().forEach(LOG::warn);
    return settings.withServer(server);
  }

  /**
   * The resources the operator needs that the server does not serve (by discovery, fabric8's {@code
   * supports}), as {@code plural.group/version}.
   */
  static List<String> missingResources(KubernetesClient client, OperatorSettings settings) {
    List<String> missing = new ArrayList<>();
    List<Class<? extends HasMetadata>> needed =
        new ArrayList<>(List.of(TrainingRun.class, TrainingSweep.class, Job.class));
    if (settings.leaderElection()) {
      needed.add(Lease.class);
    }
    for (Class<? extends HasMetadata> type : needed) {
      if (!client.supports(type)) {
        String group = HasMetadata.getGroup(type);
        missing.add(
            HasMetadata.getPlural(type)
                + (group.isEmpty() ? "" : "." + group)
                + "/"
                + HasMetadata.getVersion(type));
      }
    }
    return missing;
  }

  /** One sentence for a server that did not answer, or answered with an error, at start. */
  static String unreachable(String server, KubernetesClientException e) {
    if (e.getCode() > 0) {
      return "the API server at "
          + server
          + " answered "
          + e.getCode()
          + ": "
          + ApiCallFailed.serverMessage(e)
          + " (check the operator's ServiceAccount, or your kubeconfig's credentials)";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "the API server at "
        + server
        + " did not answer ("
        + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage())
        + "): run the operator in a cluster, or point KUBECONFIG at one";
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
   * An operator with the TrainingRun and TrainingSweep controllers registered, not yet started.
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
                  .withConcurrentReconciliationThreads(settings.throughput().reconcileThreads())
                  .withConcurrentWorkflowExecutorThreads(settings.throughput().workflowThreads())
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
          c.withRetry(TrainingRunReconciler.RETRY)
              .withRateLimiter(
                  new LinearRateLimiter(
                      Duration.ofSeconds(1), settings.throughput().reconcilesPerRunPerSecond()));
          if (settings.watchesAllNamespaces()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.watchNamespaces());
          }
        });
    operator.register(
        new TrainingSweepReconciler(client, clock),
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
