package dev.plateau.trainer.progress;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patches the cumulative progress snapshot into the run's {@code <run>-progress} ConfigMap, where
 * the operator reads it. Each write is one JSON merge patch naming the object and its {@code data}
 * keys, without a GET first: the trainer may only get and patch that one ConfigMap.
 *
 * <p>Never fails or stalls training. Calls return at once; one background thread writes the newest
 * snapshot, batch snapshots at most once per {@link Options#batchInterval()}, epoch and final
 * snapshots at once. Failed writes are retried with capped exponential backoff and logged once per
 * outage. {@link #close()} flushes within {@link Options#flushTimeout()}; if the last write is
 * lost, the termination message still carries the result.
 */
public final class ProgressConfigMapReporter implements ProgressReporter {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressConfigMapReporter.class);

  /**
   * Timing of the reporter.
   *
   * @param batchInterval at least this long between two writes of batch snapshots
   * @param flushTimeout how long {@link #close()} waits for the last write
   * @param initialBackoff wait after the first failed write; doubles after each further failure
   * @param maxBackoff the longest wait between two attempts
   */
  public record Options(
      Duration batchInterval, Duration flushTimeout, Duration initialBackoff, Duration maxBackoff) {

    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofMillis(500),
          Duration.ofSeconds(30));
    }

    public Options withBatchInterval(Duration interval) {
      return new Options(interval, flushTimeout, initialBackoff, maxBackoff);
    }

    public Options withFlushTimeout(Duration timeout) {
      return new Options(batchInterval, timeout, initialBackoff, maxBackoff);
    }

    public Options withBackoff(Duration initial, Duration max) {
      return new Options(batchInterval, flushTimeout, initial, max);
    }
  }

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final String name;
  private final Options options;
  private final CoalescingWriter writer;
  private volatile Consumer<StopRequest> stopListener;
  private boolean stopDelivered;
  private int failuresInARow;

  /** A reporter writing with the given client, which the caller keeps and closes. */
  public ProgressConfigMapReporter(KubernetesClient client, String namespace, String configMap) {
    this(client, namespace, configMap, Options.defaults());
  }

  public ProgressConfigMapReporter(
      KubernetesClient client, String namespace, String configMap, Options options) {
    this(client, false, namespace, configMap, options);
  }

  private ProgressConfigMapReporter(
      KubernetesClient client,
      boolean ownsClient,
      String namespace,
      String configMap,
      Options options) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(configMap, "configMap");
    this.options = Objects.requireNonNull(options, "options");
    this.writer =
        new CoalescingWriter(
            "progress-configmap",
            this::patch,
            options.batchInterval(),
            new Backoff(options.initialBackoff(), options.maxBackoff()));
  }

  /**
   * A reporter with its own client, configured from the pod's service account (or kubeconfig), and
   * closed with the reporter. The client does not retry on its own: this reporter's backoff does,
   * so a dead API server costs one request timeout per attempt, not a client-side retry series.
   */
  public static ProgressConfigMapReporter inCluster(String namespace, String configMap) {
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(5_000)
            .withRequestTimeout(10_000)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new ProgressConfigMapReporter(client, true, namespace, configMap, Options.defaults());
  }

  @Override
  public void batch(ProgressSnapshot snapshot) {
    // Serialised on the writer's thread, and only if this snapshot is the one written.
    writer.offer(Map.of(TrainerPaths.PROGRESS_KEY, () -> ContractJson.write(snapshot)), false);
  }

  @Override
  public void epoch(EpochRecord record, ProgressSnapshot snapshot) {
    writer.offer(Map.of(TrainerPaths.PROGRESS_KEY, () -> ContractJson.write(snapshot)), true);
  }

  @Override
  public void finished(TrainingResult result, ProgressSnapshot snapshot) {
    writer.offer(
        Map.of(
            TrainerPaths.PROGRESS_KEY, () -> ContractJson.write(snapshot),
            TrainerPaths.RESULT_KEY, () -> ContractJson.write(result)),
        true);
  }

  @Override
  public void failed(TerminationMessage message) {
    // The termination message tells the operator why; nothing to add to the ConfigMap.
  }

  @Override
  public void close() {
    boolean flushed = writer.close(options.flushTimeout());
    if (!flushed) {
      LOG.warn(
          "Gave up writing the last progress to ConfigMap {}/{} after {} ms; the operator reads"
              + " the final result from the termination message.",
          namespace,
          name,
          options.flushTimeout().toMillis());
    }
    if (ownsClient) {
      client.close();
    }
  }

  /**
   * Calls {@code listener} (once) when the progress ConfigMap holds a stop request: it is read from
   * the answer to the reporter's own patches, so it costs no request and no right.
   */
  public ProgressConfigMapReporter onStopRequest(Consumer<StopRequest> listener) {
    this.stopListener = listener;
    return this;
  }

  private void stopRequestIn(ConfigMap answer) {
    String text =
        answer == null || answer.getData() == null
            ? null
            : answer.getData().get(TrainerPaths.STOP_KEY);
    if (text == null || text.isBlank() || stopDelivered || stopListener == null) {
      return;
    }
    try {
      StopRequest request = ContractJson.read(text, StopRequest.class);
      stopDelivered = true;
      LOG.info("Stop requested in ConfigMap {}/{}: {}", namespace, name, request.message());
      stopListener.accept(request);
    } catch (RuntimeException e) {
      LOG.warn(
          "Ignored {} in ConfigMap {}/{}: not a stop request ({})",
          TrainerPaths.STOP_KEY,
          namespace,
          name,
          e.getMessage());
      stopDelivered = true;
    }
  }

  /** Runs on the writer thread only. */
  private void patch(Map<String, String> data) {
    try {
      // Sent as the merge patch itself: one PATCH, no GET of the current object first.
      ConfigMap patch =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .endMetadata()
              .withData(data)
              .build();
      ConfigMap answer =
          client
              .configMaps()
              .inNamespace(namespace)
              .resource(patch)
              .patch(PatchContext.of(PatchType.JSON_MERGE));
      stopRequestIn(answer);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted() || rootCause(e) instanceof InterruptedException) {
        throw e; // close() gave up on this write and has said so
      }
      if (failuresInARow++ == 0) {
        LOG.warn(
            "Cannot patch progress ConfigMap {}/{} ({}); retrying with backoff, training goes on.",
            namespace,
            name,
            describe(e));
      } else {
        LOG.debug("Patch of ConfigMap {}/{} failed again: {}", namespace, name, describe(e));
      }
      throw e;
    }
    if (failuresInARow > 0) {
      LOG.info(
          "Progress ConfigMap {}/{} written again after {} failed attempts.",
          namespace,
          name,
          failuresInARow);
      failuresInARow = 0;
    }
  }

  /** A short cause: the HTTP status and the API server's sentence, never headers or tokens. */
  static String describe(Exception e) {
    if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      String message = k.getStatus() == null ? null : k.getStatus().getMessage();
      return "HTTP " + k.getCode() + (message == null ? "" : ": " + shorten(message));
    }
    // The first specific IO cause says most (ConnectException, HttpTimeoutException...).
    Throwable cause = rootCause(e);
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof IOException && t.getClass() != IOException.class) {
        cause = t;
        break;
      }
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + shorten(message));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String shorten(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
