package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.TestRuns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults as one test: two operator replicas, each the operator jar in its own process with leader
 * election, restarted when they die as a Deployment restarts them, against a loopback mock API
 * server (through a TCP proxy that can cut every connection) while {@value #DEFAULT_RUNS} runs (200
 * with {@code -Pbench}) train and report. In turn: the API server answers 5xx and 429 for 30 s;
 * every connection drops and watches are answered 410 Gone; the leader is killed (SIGKILL) with
 * reconciles in flight; the leader stops (SIGTERM) and the other replica takes over. After each,
 * the time until every run's status shows the latest progress; at the end every run has its
 * complete, correct status and result, and there is exactly one Job per run, the one first made.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class OperatorFaultsIT {

  static final int DEFAULT_RUNS = 20;
  static final int RUNS =
      Integer.getInteger(
          "plateau.faults.runs", Boolean.getBoolean("plateau.bench") ? 200 : DEFAULT_RUNS);
  static final String NAMESPACE = "faults";
  static final String LEASE_NAMESPACE = "plateau-system";
  static final Duration CATCH_UP = Duration.ofMinutes(3);

  MockCluster cluster;
  TcpProxy proxy;
  KubernetesClient client;
  final Map<String, Replica> replicas = new LinkedHashMap<>();
  final AtomicBoolean supervising = new AtomicBoolean(true);
  final Map<String, String> uids = new ConcurrentHashMap<>();
  final Map<String, Pod> pods = new ConcurrentHashMap<>();
  final List<String> report = new ArrayList<>();
  Path dir;

  /** One replica: its name (HOSTNAME, so the Lease says who leads) and its current process. */
  final class Replica {
    final String name;
    volatile OperatorProcess process;
    final AtomicInteger starts = new AtomicInteger();
    volatile boolean paused;

    Replica(String name) throws Exception {
      this.name = name;
      start();
    }

    void start() throws Exception {
      starts.incrementAndGet();
      process =
          OperatorProcess.start(
              proxy.url(),
              Map.of(
                  "HOSTNAME",
                  name,
                  OperatorSettings.LEADER_ELECTION,
                  "true",
                  OperatorSettings.LEADER_ELECTION_NAMESPACE,
                  LEASE_NAMESPACE),
              "256m",
              dir);
    }
  }

  @AfterEach
  void stop() throws Exception {
    supervising.set(false);
    for (Replica replica : replicas.values()) {
      replica.process.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyRunEndsRightThroughApiErrorsDroppedWatchesKillsAndHandovers() throws Exception {
    dir = Path.of("target", "faults");
    cluster = MockCluster.start();
    client = cluster.client();
    proxy = TcpProxy.start(Integer.parseInt(cluster.url().replaceAll(".*:(\\d+)/.*", "$1")));
    JobControllerStandIn jobs = new JobControllerStandIn(client);
    client.resource(MockGarbageCollector.claim(NAMESPACE, "datasets")).create();

    replicas.put("replica-a", new Replica("replica-a"));
    await().atMost(Duration.ofMinutes(1)).until(() -> leader().startsWith("replica-a"));
    replicas.put("replica-b", new Replica("replica-b"));
    Thread supervisor = new Thread(this::supervise, "supervisor");
    supervisor.setDaemon(true);
    supervisor.start();

    for (int i = 0; i < RUNS; i++) {
      TrainingRun run = client.resource(TestRuns.manifest("run-" + i, NAMESPACE)).create();
      uids.put(run.getMetadata().getName(), run.getMetadata().getUid());
    }
    Map<String, String> jobUids = new LinkedHashMap<>();
    for (String name : uids.keySet()) {
      Job job = jobs.awaitJob(NAMESPACE, name);
      jobUids.put(name, job.getMetadata().getUid());
      pods.put(name, jobs.running(jobs.startPod(NAMESPACE, name)));
    }
    reportEpoch(1);
    caughtUp("start: " + RUNS + " runs created, training, epoch 1", 1, System.nanoTime());

    // 1. The API server answers the operators with 500 and 429, alternating, for 30 s.
    AtomicInteger answers = new AtomicInteger();
    try (AutoCloseable errors =
            cluster.refuse(
                new MockCluster.Refusal(
                    r -> answers.incrementAndGet() % 2 == 0,
                    500,
                    "InternalError",
                    "Internal error occurred: etcdserver: leader changed"));
        AutoCloseable throttled =
            cluster.refuse(
                new MockCluster.Refusal(
                    r -> true,
                    429,
                    "TooManyRequests",
                    "too many requests, please try again later"))) {
      Thread.sleep(5_000);
      reportEpoch(2);
      Thread.sleep(25_000);
    }
    caughtUp("API server answering 500 and 429 for 30 s", 2, System.nanoTime());

    // 2. Every connection drops; for 5 s every watch is answered 410 Gone.
    try (AutoCloseable gone =
        cluster.refuse(
            new MockCluster.Refusal(
                r -> r.getPath().contains("watch=true"),
                410,
                "Expired",
                "too old resource version: 1 (2)"))) {
      proxy.dropAll();
      reportEpoch(3);
      Thread.sleep(5_000);
    }
    caughtUp("connections dropped, watches answered 410 Gone for 5 s", 3, System.nanoTime());

    // 3. The leader is killed halfway through the trainers' reports, with reconciles in flight.
    Replica killedLeader = replicaLeading();
    Thread reports = new Thread(() -> reportEpoch(4, Duration.ofMillis(50)), "reports");
    reports.start();
    Thread.sleep(RUNS * 50L / 2);
    long killed = System.nanoTime();
    killedLeader.process.kill();
    reports.join();
    caughtUp("leader killed (SIGKILL) mid-reconcile", 4, killed);

    // 4. The leader stops as Kubernetes stops a pod (and stays away until the other replica
    // leads); the other replica takes over.
    Replica leaving = replicaLeading();
    leaving.paused = true;
    long stopped = System.nanoTime();
    leaving.process.close();
    reportEpoch(5);
    caughtUp("leader stopped (SIGTERM), handover to the standby", 5, stopped);
    assertThat(leader()).as("the standby leads").doesNotStartWith(leaving.name + "-");
    leaving.paused = false;

    // The end: every trainer stops early at epoch 5.
    long ending = System.nanoTime();
    for (Map.Entry<String, Pod> pod : pods.entrySet()) {
      jobs.finish(
          pod.getValue(),
          0,
          "Completed",
          FakeTrainer.termination("EarlyStopped", "stopped", result(pod.getKey())));
    }
    await()
        .atMost(CATCH_UP)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                runs(r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                    == RUNS);
    report.add(
        String.format(
            Locale.ROOT,
            "FAULTS end: all runs Succeeded %.1f s after the trainers exited",
            (System.nanoTime() - ending) / 1e9));

    for (TrainingRun run : list()) {
      String name = run.getMetadata().getName();
      assertThat(OperatorIT.condition(run, ConditionTypes.COMPLETE))
          .as(name)
          .isEqualTo("True/EarlyStopped");
      assertThat(OperatorIT.condition(run, ConditionTypes.FAILED))
          .as(name)
          .isEqualTo("False/EarlyStopped");
      assertThat(OperatorIT.condition(run, ConditionTypes.RUNNING))
          .as(name)
          .isEqualTo("False/Ended");
      assertThat(OperatorIT.condition(run, ConditionTypes.SYNCED))
          .as(name)
          .isEqualTo("True/ReconcileSuccess");
      assertThat(run.getStatus().getResult().getBestEpoch()).as(name + " result").isEqualTo(5);
      assertThat(run.getStatus().getResult().getBestCheckpoint().getPath())
          .isEqualTo(name + "/best");
      assertThat(run.getStatus().getProgress().getEpoch()).as(name + " progress").isEqualTo(5);
      assertThat(run.getStatus().getCompletionTime()).as(name).isNotNull();
    }
    List<Job> allJobs = client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    assertThat(allJobs).as("exactly one Job per run").hasSize(RUNS);
    for (Job job : allJobs) {
      assertThat(job.getMetadata().getUid())
          .as("the Job of %s is the first one made", job.getMetadata().getName())
          .isEqualTo(jobUids.get(job.getMetadata().getName()));
    }
    report.add(
        "FAULTS replica starts: "
            + replicas.values().stream().map(r -> r.name + " " + r.starts.get()).toList());
    report.forEach(System.out::println);
    Files.write(dir.resolve("results.txt"), report);
  }

  /** Restarts a replica whose process ended, as a Deployment does (after 1 s). */
  private void supervise() {
    while (supervising.get()) {
      for (Replica replica : replicas.values()) {
        if (supervising.get() && !replica.paused && !replica.process.isAlive()) {
          try {
            Thread.sleep(1_000);
            replica.start();
          } catch (Exception e) {
            return;
          }
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void reportEpoch(int epoch) {
    reportEpoch(epoch, Duration.ZERO);
  }

  /** Every run's trainer reports {@code epoch}, one after the other, {@code apart}. */
  private void reportEpoch(int epoch, Duration apart) {
    for (Map.Entry<String, String> run : uids.entrySet()) {
      new FakeTrainer(client, NAMESPACE, run.getKey())
          .report(FakeTrainer.snapshot(run.getValue(), epoch, 1.0 / epoch, epoch));
      try {
        Thread.sleep(apart.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Waits until every run's status shows {@code epoch} and Synced=True; notes how long it took. */
  private void caughtUp(String fault, int epoch, long since) {
    await()
        .atMost(CATCH_UP)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                runs(
                        r ->
                            r.getStatus() != null
                                && r.getStatus().getProgress() != null
                                && r.getStatus().getProgress().getEpoch() == epoch
                                && "True/ReconcileSuccess"
                                    .equals(OperatorIT.condition(r, ConditionTypes.SYNCED)))
                    == RUNS);
    report.add(
        String.format(
            Locale.ROOT,
            "FAULTS %s: every status caught up %.1f s later (%d runs)",
            fault,
            (System.nanoTime() - since) / 1e9,
            RUNS));
  }

  private long runs(Predicate<TrainingRun> condition) {
    return list().stream().filter(condition).count();
  }

  private List<TrainingRun> list() {
    return client.resources(TrainingRun.class).inNamespace(NAMESPACE).list().getItems();
  }

  /** The Lease holder's identity ({@code <HOSTNAME>-<random>}), or "" while none holds it. */
  private String leader() {
    Lease lease =
        client
            .leases()
            .inNamespace(LEASE_NAMESPACE)
            .withName(OperatorSettings.DEFAULT_LEASE_NAME)
            .get();
    return lease == null || lease.getSpec().getHolderIdentity() == null
        ? ""
        : lease.getSpec().getHolderIdentity();
  }

  private Replica replicaLeading() {
    await().atMost(Duration.ofMinutes(1)).until(() -> !leader().isEmpty());
    String holder = leader();
    return replicas.values().stream()
        .filter(r -> holder.startsWith(r.name + "-"))
        .findFirst()
        .orElseThrow();
  }

  static TrainingResult result(String run) {
    TrainingResult result = new TrainingResult();
    result.setBestCheckpoint(new CheckpointRef(run + "-checkpoints", run + "/best"));
    result.setStopReason(StopReason.EarlyStopped);
    result.setEpochs(5);
    result.setBestEpoch(5);
    result.setBestMetric(0.2);
    result.setMonitor(Monitor.VAL_LOSS);
    return result;
  }
}
