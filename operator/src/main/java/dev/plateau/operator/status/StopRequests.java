package dev.plateau.operator.status;

import static dev.plateau.operator.status.Verdict.no;
import static dev.plateau.operator.status.Verdict.yes;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.StopRequestStatus;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Stop requests (a sweep's prune, enforced early stopping) as the run's status sees them: read from
 * the progress ConfigMap, shown in {@code status.stopRequest}, and enforced once the trainer has
 * let the grace period pass without ending: the run then ends {@code Complete} with the request's
 * reason and a result from its last report, and the reconciler deletes its Job.
 */
public final class StopRequests {

  private StopRequests() {}

  /** The request in the progress ConfigMap, or empty (none, or not readable). */
  public static Optional<StopRequest> read(ConfigMap progressConfigMap) {
    Map<String, String> data = progressConfigMap == null ? null : progressConfigMap.getData();
    String text = data == null ? null : data.get(TrainerPaths.STOP_KEY);
    if (text == null || text.isBlank() || text.length() > ProgressSnapshots.MAX_BYTES) {
      return Optional.empty();
    }
    try {
      return Optional.of(ContractJson.read(text, StopRequest.class));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * When the grace period of a request written at {@code requestedAt} (RFC 3339) ends, or empty
   * when it carries no readable time.
   */
  public static Optional<Instant> deadline(String requestedAt, Duration grace) {
    if (requestedAt == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(requestedAt).plus(grace));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether the operator ended the run itself on a stop request. */
  public static boolean enforced(TrainingRunStatus status) {
    return status != null
        && status.getStopRequest() != null
        && status.getStopRequest().getEnforcedAt() != null;
  }

  static StopRequestStatus status(StopRequest request, Instant enforcedAt) {
    StopRequestStatus s = new StopRequestStatus();
    s.setReason(request.reason());
    s.setMessage(request.message());
    s.setRequestedAt(request.requestedAt());
    s.setEnforcedAt(enforcedAt == null ? null : enforcedAt.toString());
    return s;
  }

  /**
   * The run ended by the operator: Complete with the request's reason, the result pieced together
   * from the last report (its best checkpoint where the trainer named one).
   */
  static Outcome enforce(
      TrainingRun run,
      TrainingRunStatus previous,
      ProgressSnapshot progress,
      StopRequest request,
      Duration grace,
      String jobName) {
    StopReason stop = request.stopReason();
    TrainingResult result = RunResults.fromSnapshot(run, progress);
    result.setStopReason(stop);
    if (progress != null && progress.getBestCheckpoint() != null) {
      result.setBestCheckpoint(progress.getBestCheckpoint());
    }
    String message =
        "the trainer did not stop within "
            + grace.toSeconds()
            + " s of the stop request ("
            + request.message()
            + "): the operator ended the run and deleted its Job"
            + (result.getBestEpoch() == null
                ? ""
                : "; best epoch " + result.getBestEpoch() + " as last reported");
    result.setMessage(message);
    String reason = stop.name();
    return new Outcome(
        yes(Reasons.SPEC_VALID, "the spec is valid"),
        no(Reasons.ENDED, "training ended: " + reason),
        yes(reason, message),
        no(reason, "the run completed"),
        true,
        result,
        previous.getAttempt(),
        jobName);
  }
}
