package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The metrics of one finished epoch: a line of {@code metrics.jsonl} and an entry of the progress
 * history. Non-finite values are written as absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EpochRecord {

  @JsonPropertyDescription("The epoch, counted from 1.")
  private Integer epoch;

  @JsonPropertyDescription("Mean training loss over the epoch.")
  private Double trainLoss;

  @JsonPropertyDescription("Loss on the validation set after the epoch.")
  private Double valLoss;

  @JsonPropertyDescription("Accuracy on the validation set after the epoch, 0 to 1.")
  private Double valAccuracy;

  @JsonPropertyDescription("Learning rate used during the epoch.")
  private Double learningRate;

  @JsonPropertyDescription("Wall-clock seconds of the epoch: training and validation.")
  private Double epochSeconds;

  @JsonPropertyDescription("Training samples processed per second during the epoch.")
  private Double samplesPerSecond;

  @JsonPropertyDescription(
      "Seconds of the epoch the trainer waited for data (reading and decoding); the rest is"
          + " compute.")
  private Double dataWaitSeconds;

  @JsonPropertyDescription("Whether the epoch improved the monitored metric by more than delta.")
  private Boolean improved;

  @JsonPropertyDescription("Epochs in a row without improvement after this epoch.")
  private Integer epochsSinceImprovement;

  @JsonPropertyDescription("When the epoch ended (RFC 3339).")
  private String time;

  public Integer getEpoch() {
    return epoch;
  }

  public void setEpoch(Integer epoch) {
    this.epoch = epoch;
  }

  public Double getTrainLoss() {
    return trainLoss;
  }

  public void setTrainLoss(Double trainLoss) {
    this.trainLoss = trainLoss;
  }

  public Double getValLoss() {
    return valLoss;
  }

  public void setValLoss(Double valLoss) {
    this.valLoss = valLoss;
  }

  public Double getValAccuracy() {
    return valAccuracy;
  }

  public void setValAccuracy(Double valAccuracy) {
    this.valAccuracy = valAccuracy;
  }

  public Double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(Double learningRate) {
    this.learningRate = learningRate;
  }

  public Double getEpochSeconds() {
    return epochSeconds;
  }

  public void setEpochSeconds(Double epochSeconds) {
    this.epochSeconds = epochSeconds;
  }

  public Double getSamplesPerSecond() {
    return samplesPerSecond;
  }

  public void setSamplesPerSecond(Double samplesPerSecond) {
    this.samplesPerSecond = samplesPerSecond;
  }

  public Double getDataWaitSeconds() {
    return dataWaitSeconds;
  }

  public void setDataWaitSeconds(Double dataWaitSeconds) {
    this.dataWaitSeconds = dataWaitSeconds;
  }

  public Boolean getImproved() {
    return improved;
  }

  public void setImproved(Boolean improved) {
    this.improved = improved;
  }

  public Integer getEpochsSinceImprovement() {
    return epochsSinceImprovement;
  }

  public void setEpochsSinceImprovement(Integer epochsSinceImprovement) {
    this.epochsSinceImprovement = epochsSinceImprovement;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
