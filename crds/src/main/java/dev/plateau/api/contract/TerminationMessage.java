package dev.plateau.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plateau.api.v1alpha1.TrainingResult;

/**
 * The trainer's last word, written to {@code /dev/termination-log} (kept under 4 KiB): the operator
 * reads it when the pod ends, so the final status is right even if the last progress patch was
 * lost.
 *
 * @param reason a condition reason, e.g. EarlyStopped, InvalidInput, TrainerError
 * @param message a sentence a person can act on
 * @param result the result when training ended (EarlyStopped, MaxEpochsReached, NonFiniteMetric)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminationMessage(String reason, String message, TrainingResult result) {

  /** Kubernetes keeps at most 4096 bytes of a termination message. */
  public static final int MAX_BYTES = 4096;
}
