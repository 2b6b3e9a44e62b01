package dev.plateau.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the operator runs, read from the environment (the Helm chart sets these). Every variable is
 * optional: with none set the operator watches all namespaces, skips leader election and uses the
 * default trainer images.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param trainerImage trainer image for runs with {@code gpus: 0} and no {@code spec.image}
 * @param trainerGpuImage trainer image for runs with {@code gpus: 1} and no {@code spec.image}
 * @param imagePullSecrets secrets added to every trainer pod, besides the run's own
 * @param leaderElection whether to elect a leader through a Lease (for two replicas)
 * @param leaderElectionNamespace namespace of the Lease; null: the namespace the pod runs in
 * @param leaseName name of the Lease
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint
 * @param healthPort port of {@code /healthz} and {@code /readyz}
 * @param serverSideApply whether to patch status and dependents with server-side apply
 * @param allowOldKubernetes whether to run on a server older than the supported minimum, without
 *     what it lacks ({@link ServerCompatibility})
 * @param podFailurePolicy whether Jobs get a podFailurePolicy (not on servers before 1.26)
 * @param throughput requests in flight, threads and the per-run rate limit
 * @param stopGracePeriod how long a trainer has to stop after a stop request (a sweep's prune, or
 *     early stopping the operator enforces) before the operator ends the run and deletes its Job
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    String trainerImage,
    String trainerGpuImage,
    List<String> imagePullSecrets,
    boolean leaderElection,
    String leaderElectionNamespace,
    String leaseName,
    int metricsPort,
    int healthPort,
    boolean serverSideApply,
    boolean allowOldKubernetes,
    boolean podFailurePolicy,
    Throughput throughput,
    Duration stopGracePeriod) {

  public static final String WATCH_NAMESPACES = "PLATEAU_WATCH_NAMESPACES";
  public static final String TRAINER_IMAGE = "PLATEAU_TRAINER_IMAGE";
  public static final String TRAINER_GPU_IMAGE = "PLATEAU_TRAINER_GPU_IMAGE";
  public static final String TRAINER_IMAGE_PULL_SECRETS = "PLATEAU_TRAINER_IMAGE_PULL_SECRETS";
  public static final String LEADER_ELECTION = "PLATEAU_LEADER_ELECTION";
  public static final String LEADER_ELECTION_NAMESPACE = "PLATEAU_LEADER_ELECTION_NAMESPACE";
  public static final String LEASE_NAME = "PLATEAU_LEADER_ELECTION_LEASE_NAME";
  public static final String METRICS_PORT = "PLATEAU_METRICS_PORT";
  public static final String HEALTH_PORT = "PLATEAU_HEALTH_PORT";
  public static final String SERVER_SIDE_APPLY = "PLATEAU_SERVER_SIDE_APPLY";
  public static final String ALLOW_OLD_KUBERNETES = "PLATEAU_ALLOW_OLD_KUBERNETES";
  public static final String API_MAX_CONCURRENT_REQUESTS = "PLATEAU_API_MAX_CONCURRENT_REQUESTS";
  public static final String API_MAX_CONCURRENT_REQUESTS_PER_HOST =
      "PLATEAU_API_MAX_CONCURRENT_REQUESTS_PER_HOST";
  public static final String RECONCILE_THREADS = "PLATEAU_RECONCILE_THREADS";
  public static final String WORKFLOW_THREADS = "PLATEAU_WORKFLOW_THREADS";
  public static final String RECONCILES_PER_RUN_PER_SECOND =
      "PLATEAU_RECONCILES_PER_RUN_PER_SECOND";

  public static final String STOP_GRACE_PERIOD_SECONDS = "PLATEAU_STOP_GRACE_PERIOD_SECONDS";

  /**
   * Default of {@link #STOP_GRACE_PERIOD_SECONDS}: two minutes, as a trainer reads a stop request
   * in the answer to its next progress patch, which it sends at least once an epoch and, within an
   * epoch, every few seconds.
   */
  public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofMinutes(2);

  public static final String DEFAULT_LEASE_NAME = "plateau-operator-leader";
  public static final int DEFAULT_METRICS_PORT = 8080;
  public static final int DEFAULT_HEALTH_PORT = 8081;

  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
    imagePullSecrets = List.copyOf(imagePullSecrets);
  }

  /**
   * The default trainer images carry the operator's own version, so the two move together. The
   * chart names the registry through {@link #TRAINER_IMAGE}.
   */
  public static String defaultTrainerImage() {
    return "plateau-trainer:" + OperatorVersion.get();
  }

  public static String defaultTrainerGpuImage() {
    return defaultTrainerImage() + "-cuda";
  }

  /** Settings for tests and local runs: all namespaces, no leader election, default images. */
  public static OperatorSettings defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads the settings from environment variables.
   *
   * @throws IllegalArgumentException when a value cannot be read; the message names the variable
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        new TreeSet<>(list(env.get(WATCH_NAMESPACES))),
        text(env, TRAINER_IMAGE, defaultTrainerImage()),
        text(env, TRAINER_GPU_IMAGE, defaultTrainerGpuImage()),
        list(env.get(TRAINER_IMAGE_PULL_SECRETS)),
        bool(env, LEADER_ELECTION, false),
        text(env, LEADER_ELECTION_NAMESPACE, null),
        text(env, LEASE_NAME, DEFAULT_LEASE_NAME),
        port(env, METRICS_PORT, DEFAULT_METRICS_PORT),
        port(env, HEALTH_PORT, DEFAULT_HEALTH_PORT),
        bool(env, SERVER_SIDE_APPLY, true),
        bool(env, ALLOW_OLD_KUBERNETES, false),
        true,
        new Throughput(
            positive(env, API_MAX_CONCURRENT_REQUESTS, Throughput.DEFAULT.maxConcurrentRequests()),
            positive(
                env,
                API_MAX_CONCURRENT_REQUESTS_PER_HOST,
                Throughput.DEFAULT.maxConcurrentRequestsPerHost()),
            positive(env, RECONCILE_THREADS, Throughput.DEFAULT.reconcileThreads()),
            positive(env, WORKFLOW_THREADS, Throughput.DEFAULT.workflowThreads()),
            positive(
                env,
                RECONCILES_PER_RUN_PER_SECOND,
                Throughput.DEFAULT.reconcilesPerRunPerSecond())),
        Duration.ofSeconds(
            positive(env, STOP_GRACE_PERIOD_SECONDS, (int) DEFAULT_STOP_GRACE_PERIOD.toSeconds())));
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  /** A copy with server-side apply on or off (the fabric8 mock server has none). */
  public OperatorSettings withServerSideApply(boolean ssa) {
    return copy(ssa, podFailurePolicy, stopGracePeriod);
  }

  /** A copy for the API server found at start ({@link ServerCompatibility}). */
  public OperatorSettings withServer(ServerCompatibility server) {
    return copy(serverSideApply, server.podFailurePolicy(), stopGracePeriod);
  }

  /** A copy with another stop grace period (tests). */
  public OperatorSettings withStopGracePeriod(Duration grace) {
    return copy(serverSideApply, podFailurePolicy, grace);
  }

  private OperatorSettings copy(boolean ssa, boolean withPodFailurePolicy, Duration grace) {
    return new OperatorSettings(
        watchNamespaces,
        trainerImage,
        trainerGpuImage,
        imagePullSecrets,
        leaderElection,
        leaderElectionNamespace,
        leaseName,
        metricsPort,
        healthPort,
        ssa,
        allowOldKubernetes,
        withPodFailurePolicy,
        throughput,
        grace);
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = text(env, name, null);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got " + value);
    };
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    return integer(env, name, fallback, 1, Integer.MAX_VALUE, "a whole number above 0");
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    return integer(env, name, fallback, 0, 65535, "a port number");
  }

  /** The variable as a whole number from {@code min} to {@code max}, else the fallback. */
  private static int integer(
      Map<String, String> env, String name, int fallback, int min, int max, String what) {
    String value = text(env, name, null);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be " + what + ", got " + value, e);
    }
  }
}
