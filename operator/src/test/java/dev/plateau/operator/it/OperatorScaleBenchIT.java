package dev.plateau.operator.it;

import static org.awaitility.Awaitility.await;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.TestRuns;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures, not assertions: the operator jar in its own process against a loopback mock API server,
 * {@value #RUNS} TrainingRuns created at once, then each run's trainer patching its progress every
 * {@value #PATCH_PERIOD_SECONDS} s ({@value #RUNS} / {@value #PATCH_PERIOD_SECONDS} patches a
 * second) for {@value #STEADY_SECONDS} s. Prints run created -> Job created and progress patched ->
 * {@code status.progress} (p50, p99), the operator's writes per progress patch, its heap after GC
 * and its CPU seconds per 1000 patches. Runs only with {@code -Pbench}; {@code
 * -Dplateau.bench.runs=N} changes the number of runs.
 */
@EnabledIfSystemProperty(named = "plateau.bench", matches = "true")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class OperatorScaleBenchIT {

  static final int RUNS = Integer.getInteger("plateau.bench.runs", 1000);
  static final int PATCH_PERIOD_SECONDS = Integer.getInteger("plateau.bench.period", 5);
  static final int STEADY_SECONDS = Integer.getInteger("plateau.bench.seconds", 60);
  static final String NAMESPACE = "scale";

  /** Threads (and requests in flight) of the trainers' patches: enough to offer the rate. */
  static final int SENDERS = Integer.getInteger("plateau.bench.senders", 32);

  final Map<String, Long> created = new ConcurrentHashMap<>();
  final Map<String, Long> jobSeen = new ConcurrentHashMap<>();

  /** Per run, when the test's informer first saw each epoch in status.progress. */
  final Map<String, ConcurrentSkipListMap<Integer, Long>> epochSeen = new ConcurrentHashMap<>();

  /** Per run, when each epoch's progress patch was sent. */
  final Map<String, ConcurrentSkipListMap<Integer, Long>> epochSent = new ConcurrentHashMap<>();

  @Test
  void thousandRunsReportingProgress() throws Exception {
    Path dir = Path.of("target", "bench-scale");
    try (MockCluster cluster = MockCluster.start()) {
      KubernetesClient client = cluster.client();
      KubernetesClient trainerClient = cluster.newTestClient(SENDERS);
      client.resource(MockGarbageCollector.claim(NAMESPACE, "datasets")).create();
      try (SharedIndexInformer<Job> jobs =
              client.batch().v1().jobs().inNamespace(NAMESPACE).inform(onJob());
          SharedIndexInformer<TrainingRun> runs =
              client.resources(TrainingRun.class).inNamespace(NAMESPACE).inform(onRun());
          OperatorProcess operator = OperatorProcess.start(cluster, operatorEnv(), "512m", dir)) {
        await().atMost(Duration.ofMinutes(1)).until(() -> !operator.scrape().isEmpty());
        double idleHeap = operator.heapAfterGc();

        // 1. RUNS runs created at once (8 clients in parallel), until every one has its Job.
        List<TrainingRun> made = Collections.synchronizedList(new ArrayList<>());
        long burst = System.nanoTime();
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < RUNS; i++) {
          String name = "run-" + i;
          creators.submit(
              () -> {
                made.add(client.resource(TestRuns.manifest(name, NAMESPACE)).create());
                created.put(name, System.nanoTime());
              });
        }
        creators.shutdown();
        creators.awaitTermination(5, TimeUnit.MINUTES);
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> jobSeen.size() == RUNS);
        double burstSeconds = (System.nanoTime() - burst) / 1e9;
        List<Long> toJob = new ArrayList<>();
        created.forEach((name, at) -> toJob.add(jobSeen.get(name) - at));
        Thread.sleep(5000); // let the last status patches of the burst land

        // 2. Every run's trainer patches its progress every PATCH_PERIOD_SECONDS s.
        long writesBefore = cluster.operatorWrites();
        double[] reconcileBefore = reconcileSeconds(operator.scrape());
        double cpuBefore = operator.cpuSeconds();
        AtomicInteger patches = new AtomicInteger();
        AtomicLong lateSends = new AtomicLong();
        ScheduledExecutorService trainers = Executors.newScheduledThreadPool(SENDERS);
        long periodMillis = PATCH_PERIOD_SECONDS * 1000L;
        for (int i = 0; i < made.size(); i++) {
          TrainingRun run = made.get(i);
          String name = run.getMetadata().getName();
          FakeTrainer trainer = new FakeTrainer(trainerClient, NAMESPACE, name);
          AtomicInteger epoch = new AtomicInteger();
          long offset = periodMillis * i / made.size();
          trainers.scheduleAtFixedRate(
              () -> {
                int e = epoch.incrementAndGet();
                long now = System.nanoTime();
                trainer.report(FakeTrainer.snapshot(run.getMetadata().getUid(), e, 1.0 / e, e));
                epochSent.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>()).put(e, now);
                patches.incrementAndGet();
                if ((System.nanoTime() - now) > 1_000_000_000L) {
                  lateSends.incrementAndGet();
                }
              },
              offset,
              periodMillis,
              TimeUnit.MILLISECONDS);
        }
        Thread.sleep(STEADY_SECONDS * 1000L);
        trainers.shutdownNow();
        trainers.awaitTermination(1, TimeUnit.MINUTES);
        Thread.sleep(10_000); // the last patches reach the status
        long writes = cluster.operatorWrites() - writesBefore;
        double[] reconcileAfter = reconcileSeconds(operator.scrape());
        double reconciles = reconcileAfter[1] - reconcileBefore[1];
        double meanReconcileMs = 1000 * (reconcileAfter[0] - reconcileBefore[0]) / reconciles;
        double cpu = operator.cpuSeconds() - cpuBefore;
        double heap = operator.heapAfterGc();

        List<Long> toStatus = new ArrayList<>();
        int neverShown = 0;
        for (var sent : epochSent.entrySet()) {
          var seen = epochSeen.getOrDefault(sent.getKey(), new ConcurrentSkipListMap<>());
          for (var patch : sent.getValue().entrySet()) {
            var shown = seen.ceilingEntry(patch.getKey());
            if (shown == null) {
              neverShown++;
            } else {
              toStatus.add(Math.max(0, shown.getValue() - patch.getValue()));
            }
          }
        }
        List<String> lines = new ArrayList<>();
        lines.add(
            String.format(
                Locale.ROOT,
                "BENCH %d runs created at once: all Jobs in %.1f s; run created -> Job created %s",
                RUNS,
                burstSeconds,
                percentiles(toJob)));
        lines.add(
            String.format(
                Locale.ROOT,
                "BENCH %d progress patches in %d s (%.0f/s): progress patched -> status.progress %s;"
                    + " %d never shown",
                patches.get(),
                STEADY_SECONDS,
                patches.get() / (double) STEADY_SECONDS,
                percentiles(toStatus),
                neverShown));
        lines.add(
            String.format(
                Locale.ROOT,
                "BENCH operator writes per progress patch: %.3f (%d writes); %.0f passes, %.1f ms"
                    + " each on average (its own reconcile time, API calls included)",
                writes / (double) patches.get(),
                writes,
                reconciles,
                meanReconcileMs));
        lines.add(
            String.format(
                Locale.ROOT,
                "BENCH operator heap after GC: %.1f MiB with %d runs (%.1f MiB idle);"
                    + " CPU %.2f s per 1000 patches; %d patches took the trainer over 1 s to send",
                heap / (1 << 20),
                RUNS,
                idleHeap / (1 << 20),
                cpu / (patches.get() / 1000.0),
                lateSends.get()));
        lines.forEach(System.out::println);
        Files.write(dir.resolve("results.txt"), lines);
      }
    }
  }

  /** JOSDK's reconcile timer from a scrape: {sum of seconds, count}. */
  static double[] reconcileSeconds(String scrape) {
    double[] sumCount = new double[2];
    for (String line : scrape.split("\n")) {
      if (line.startsWith("operator_sdk_controllers_execution_reconcile_seconds_sum")) {
        sumCount[0] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("operator_sdk_controllers_execution_reconcile_seconds_count")) {
        sumCount[1] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sumCount;
  }

  /** The operator's environment: {@code -Dplateau.bench.env=K=V,K=V} adds to it. */
  static Map<String, String> operatorEnv() {
    Map<String, String> env = new java.util.HashMap<>();
    String extra = System.getProperty("plateau.bench.env", "");
    for (String pair : extra.split(",")) {
      if (pair.contains("=")) {
        env.put(
            pair.substring(0, pair.indexOf('=')).trim(),
            pair.substring(pair.indexOf('=') + 1).trim());
      }
    }
    return env;
  }

  static String percentiles(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format(
        Locale.ROOT,
        "p50 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d)",
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.99))) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6,
        sorted.size());
  }

  private ResourceEventHandler<Job> onJob() {
    return Seen.each(job -> jobSeen.putIfAbsent(job.getMetadata().getName(), System.nanoTime()));
  }

  private ResourceEventHandler<TrainingRun> onRun() {
    return Seen.each(
        run -> {
          long now = System.nanoTime();
          if (run.getStatus() != null && run.getStatus().getProgress() != null) {
            epochSeen
                .computeIfAbsent(run.getMetadata().getName(), n -> new ConcurrentSkipListMap<>())
                .putIfAbsent(run.getStatus().getProgress().getEpoch(), now);
          }
        });
  }
}
