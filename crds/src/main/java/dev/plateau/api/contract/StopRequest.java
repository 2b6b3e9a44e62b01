package dev.plateau.api.contract;

import dev.plateau.api.v1alpha1.StopReason;

/**
 * A request to stop training early (under {@link TrainerPaths#STOP_KEY} in the progress ConfigMap):
 * the trainer saves {@code last/}, keeps its best checkpoint, writes its result with the request's
 * reason as its stop reason ({@code Pruned} from a sweep, {@code EarlyStopped} from early stopping
 * the operator enforces) and exits 0. A trainer that has not ended within the operator's stop grace
 * period is ended by the operator, which deletes its Job.
 *
 * @param reason a stop reason: {@code Pruned} or {@code EarlyStopped}
 * @param message why, for people: goes into the result's message
 * @param requestedAt when the request was written (RFC 3339); the grace period counts from it
 */
public record StopRequest(String reason, String message, String requestedAt) {

  /** The stop reason the trainer ends with: EarlyStopped when the request says so, else Pruned. */
  public StopReason stopReason() {
    return StopReason.EarlyStopped.name().equals(reason)
        ? StopReason.EarlyStopped
        : StopReason.Pruned;
  }

  /** A request without its time (as trainers' tests write it). */
  public StopRequest(String reason, String message) {
    this(reason, message, null);
  }
}
