package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A stop request the run's trainer was sent, as the run's status shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StopRequestStatus {

  @JsonPropertyDescription("Pruned (a sweep's pruner) or EarlyStopped (enforced early stopping).")
  private String reason;

  @JsonPropertyDescription("Why the run is asked to stop.")
  private String message;

  @JsonPropertyDescription("When the request was written (RFC 3339).")
  private String requestedAt;

  @JsonPropertyDescription(
      "When the operator ended the run itself because the trainer had not stopped within the"
          + " stop grace period (RFC 3339); its Job is then deleted. Absent while the trainer has"
          + " time, and when it stopped by itself.")
  private String enforcedAt;

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

  public String getEnforcedAt() {
    return enforcedAt;
  }

  public void setEnforcedAt(String enforcedAt) {
    this.enforcedAt = enforcedAt;
  }
}
