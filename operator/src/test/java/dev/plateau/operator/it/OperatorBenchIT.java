package dev.plateau.operator.it;

import static org.awaitility.Awaitility.await;

import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures, not assertions: how fast the operator reacts on the mock server and what 200 runs cost
 * it in heap. Runs only with {@code -Pbench} (or {@code -Dplateau.bench=true}); prints lines
 * starting with BENCH.
 */
@EnabledIfSystemProperty(named = "plateau.bench", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OperatorBenchIT extends OperatorIT {

  static final int LATENCY_RUNS = 100;
  static final int PROGRESS_PATCHES = 200;
  static final int HEAP_RUNS = 200;

  /** When the test's own informers saw something happen, by key. */
  final Map<String, Long> seen = new ConcurrentHashMap<>();

  @Test
  void createdToJob() {
    try (SharedIndexInformer<Job> informer =
        client.batch().v1().jobs().inNamespace(namespace).inform(onAdd("job/"))) {
      client.resource(MockGarbageCollector.claim(namespace, "datasets")).create();
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < LATENCY_RUNS; i++) {
        String name = "latency-" + i;
        long start = System.nanoTime();
        create(manifest(name));
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(1))
            .until(() -> seen.containsKey("job/" + name));
        latencies.add(seen.get("job/" + name) - start);
      }
      report("TrainingRun created -> Job created", latencies);
    }
  }

  @Test
  void progressPatchToStatus() {
    TrainingRun run = createWithClaims(manifest("progress"));
    jobs.running(jobs.startPod(namespace, "progress"));
    FakeTrainer trainer = new FakeTrainer(client, namespace, "progress");
    try (SharedIndexInformer<TrainingRun> informer =
        client.resources(TrainingRun.class).inNamespace(namespace).inform(onProgress())) {
      List<Long> latencies = new ArrayList<>();
      for (int epoch = 1; epoch <= PROGRESS_PATCHES; epoch++) {
        long start = System.nanoTime();
        trainer.report(FakeTrainer.snapshot(run.getMetadata().getUid(), epoch, 1.0 / epoch, epoch));
        String key = "epoch/" + epoch;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> seen.containsKey(key));
        latencies.add(seen.get(key) - start);
      }
      report("progress patch -> status.progress", latencies);
    }
  }

  @Test
  void heapAfter200Runs() {
    client.resource(MockGarbageCollector.claim(namespace, "datasets")).create();
    long before = usedHeapAfterGc();
    for (int i = 0; i < HEAP_RUNS; i++) {
      create(manifest("heap-" + i));
    }
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                client
                        .resources(TrainingRun.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .stream()
                        .filter(r -> r.getStatus() != null && r.getStatus().getJobName() != null)
                        .count()
                    == HEAP_RUNS);
    long withRuns = usedHeapAfterGc();
    operator.close();
    long withoutOperator = usedHeapAfterGc();
    System.out.printf(
        "BENCH heap after %d runs: %.1f MiB used in the test JVM (mock server, test client and operator),"
            + " %.1f MiB more than before them; stopping the operator frees %.1f MiB%n",
        HEAP_RUNS, mib(withRuns), mib(withRuns - before), mib(withRuns - withoutOperator));
    operator = RunningOperator.start(cluster);
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> onAdd(
      String prefix) {
    return Seen.each(
        obj -> seen.putIfAbsent(prefix + obj.getMetadata().getName(), System.nanoTime()));
  }

  private ResourceEventHandler<TrainingRun> onProgress() {
    return Seen.each(
        run -> {
          if (run.getStatus() != null && run.getStatus().getProgress() != null) {
            seen.putIfAbsent(
                "epoch/" + run.getStatus().getProgress().getEpoch(), System.nanoTime());
          }
        });
  }

  private static void report(String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    System.out.printf(
        "BENCH %s: median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms (n=%d)%n",
        what,
        ms(sorted.get(sorted.size() / 2)),
        ms(sorted.get((int) (sorted.size() * 0.9))),
        ms(sorted.get(0)),
        ms(sorted.get(sorted.size() - 1)),
        sorted.size());
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
