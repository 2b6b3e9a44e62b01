package dev.plateau.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import java.util.List;

/**
 * The outcome of one status computation.
 *
 * @param status the status the run should have
 * @param transitions the conditions that changed status or reason, for Events
 * @param snapshotRejection why the trainer's snapshot was ignored, or null
 * @param stopRequest a stop request to write where the trainer reads it (early stopping the
 *     operator enforces), or null
 */
public record StatusUpdate(
    TrainingRunStatus status,
    List<Transition> transitions,
    String snapshotRejection,
    StopRequest stopRequest) {

  /**
   * A condition that moved.
   *
   * @param warning whether people should look: a failure, a rejected spec, or a run held up
   */
  public record Transition(
      String type, String status, String reason, String message, boolean warning) {}

  /** Whether {@link #status()} differs from {@code previous}: only then is it patched. */
  public boolean differsFrom(TrainingRunStatus previous) {
    if (previous == null) {
      return true;
    }
    JsonNode next = ContractJson.mapper().valueToTree(status);
    JsonNode before = ContractJson.mapper().valueToTree(previous);
    return !next.equals(before);
  }
}
