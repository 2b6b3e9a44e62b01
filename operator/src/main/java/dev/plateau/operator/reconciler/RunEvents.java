package dev.plateau.operator.reconciler;

import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.status.StatusUpdate;
import dev.plateau.operator.status.StatusUpdate.Transition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on the run: one per condition transition (Warning for failures and hold-ups)
 * and one per rejected progress snapshot. A rejected snapshot stays in its ConfigMap until the
 * trainer writes the next one, so it is reported once per ConfigMap version, not once per pass.
 */
final class RunEvents {

  static final String COMPONENT = "plateau-operator";

  /** Event reason of an ignored progress snapshot. */
  static final String PROGRESS_IGNORED = "ProgressIgnored";

  private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<ResourceID, String> reportedRejections = new ConcurrentHashMap<>();

  RunEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void publish(TrainingRun run, StatusUpdate update, ConfigMap progressConfigMap) {
    for (Transition t : update.transitions()) {
      emit(run, t.warning(), t.reason(), t.type() + "=" + t.status() + ": " + t.message());
    }
    if (update.snapshotRejection() != null && progressConfigMap != null) {
      String version = progressConfigMap.getMetadata().getResourceVersion();
      String before = reportedRejections.put(ResourceID.fromResource(run), version);
      if (!version.equals(before)) {
        emit(run, true, PROGRESS_IGNORED, update.snapshotRejection());
      }
    }
  }

  /** A Warning ReconcileError for a failure the status cannot show (its own patch failed). */
  void reconcileError(TrainingRun run, String message) {
    emit(run, true, Reasons.RECONCILE_ERROR, "Synced=False: " + message);
  }

  void forget(ResourceID run) {
    reportedRejections.remove(run);
  }

  /** Records an Event on {@code run} (a run, or a sweep). */
  void emit(HasMetadata run, boolean warning, String reason, String message) {
    // The log line carries the run's namespace/name through JOSDK's MDC.
    if (warning) {
      LOG.warn("{}: {}", reason, message);
    } else {
      LOG.info("{}: {}", reason, message);
    }
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                run.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(run.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(run.getApiVersion())
            .withKind(run.getKind())
            .withName(run.getMetadata().getName())
            .withNamespace(run.getMetadata().getNamespace())
            .withUid(run.getMetadata().getUid())
            .endInvolvedObject()
            .withType(warning ? "Warning" : "Normal")
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(run.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy: failing to record one must not hold up the status.
      LOG.warn(
          "could not record Event {} on {}: {}",
          reason,
          run.getMetadata().getName(),
          e.getMessage());
    }
  }
}
