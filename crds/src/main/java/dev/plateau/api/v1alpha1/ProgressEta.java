package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How long a run may still train, as of the snapshot's {@code updatedAt}: the time to the earliest
 * epoch early stopping may end it at, and the time to {@code training.maxEpochs}. Derived from the
 * snapshot alone (see {@code dev.plateau.api.status.EtaEstimate}), so it changes only when the
 * snapshot does; subtract the seconds since {@code asOf} for the time left now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProgressEta {

  @JsonPropertyDescription("The snapshot's updatedAt the estimate counts from (RFC 3339).")
  private String asOf;

  @JsonPropertyDescription(
      "Seconds one epoch takes: the median of the last three epochs' epochSeconds.")
  private Double secondsPerEpoch;

  @JsonPropertyDescription(
      "The earliest epoch early stopping may end the run at: patience minus the epochs since"
          + " improvement from now, not before earlyStopping.minEpochs, at most maxEpochs.")
  private Integer earliestStopEpoch;

  @JsonPropertyDescription(
      "Seconds from asOf to the end of earliestStopEpoch, if no epoch improves from now on.")
  private Double earliestStopSeconds;

  @JsonPropertyDescription("Seconds from asOf to the end of training.maxEpochs.")
  private Double maxEpochsSeconds;

  public String getAsOf() {
    return asOf;
  }

  public void setAsOf(String asOf) {
    this.asOf = asOf;
  }

  public Double getSecondsPerEpoch() {
    return secondsPerEpoch;
  }

  public void setSecondsPerEpoch(Double secondsPerEpoch) {
    this.secondsPerEpoch = secondsPerEpoch;
  }

  public Integer getEarliestStopEpoch() {
    return earliestStopEpoch;
  }

  public void setEarliestStopEpoch(Integer earliestStopEpoch) {
    this.earliestStopEpoch = earliestStopEpoch;
  }

  public Double getEarliestStopSeconds() {
    return earliestStopSeconds;
  }

  public void setEarliestStopSeconds(Double earliestStopSeconds) {
    this.earliestStopSeconds = earliestStopSeconds;
  }

  public Double getMaxEpochsSeconds() {
    return maxEpochsSeconds;
  }

  public void setMaxEpochsSeconds(Double maxEpochsSeconds) {
    this.maxEpochsSeconds = maxEpochsSeconds;
  }
}
