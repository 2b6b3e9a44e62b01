package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How a training ended: {@code status.result} of the run and {@code result.json} next to the
 * checkpoints. Written only once the run has ended.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingResult {

  @JsonPropertyDescription(
      "Why training stopped: EarlyStopped, MaxEpochsReached or NonFiniteMetric.")
  private StopReason stopReason;

  @JsonPropertyDescription("Epochs trained in all.")
  private Integer epochs;

  @JsonPropertyDescription("The metric early stopping watched.")
  private Monitor monitor;

  @JsonPropertyDescription("min or max.")
  private Mode mode;

  @JsonPropertyDescription(
      "The epoch whose weights are the best checkpoint. Absent if no epoch gave a finite value.")
  private Integer bestEpoch;

  @JsonPropertyDescription("The monitored value of the best epoch.")
  private Double bestMetric;

  @JsonPropertyDescription("Accuracy of the best checkpoint on the test set, when there is one.")
  private Double testAccuracy;

  @JsonPropertyDescription("Loss of the best checkpoint on the test set, when there is one.")
  private Double testLoss;

  @JsonPropertyDescription("Where the best checkpoint lies.")
  private CheckpointRef bestCheckpoint;

  @JsonPropertyDescription(
      "For a torchscript model: best/model.pt, the TorchScript module with the best epoch's"
          + " weights, loadable with torch.jit.load and by TorchServe, Triton or KServe;"
          + " best/preprocessing.json says how inputs were prepared.")
  private CheckpointRef bestModel;

  @JsonPropertyDescription("A sentence on how the run ended.")
  private String message;

  public StopReason getStopReason() {
    return stopReason;
  }

  public void setStopReason(StopReason stopReason) {
    this.stopReason = stopReason;
  }

  public Integer getEpochs() {
    return epochs;
  }

  public void setEpochs(Integer epochs) {
    this.epochs = epochs;
  }

  public Monitor getMonitor() {
    return monitor;
  }

  public void setMonitor(Monitor monitor) {
    this.monitor = monitor;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Integer getBestEpoch() {
    return bestEpoch;
  }

  public void setBestEpoch(Integer bestEpoch) {
    this.bestEpoch = bestEpoch;
  }

  public Double getBestMetric() {
    return bestMetric;
  }

  public void setBestMetric(Double bestMetric) {
    this.bestMetric = bestMetric;
  }

  public Double getTestAccuracy() {
    return testAccuracy;
  }

  public void setTestAccuracy(Double testAccuracy) {
    this.testAccuracy = testAccuracy;
  }

  public Double getTestLoss() {
    return testLoss;
  }

  public void setTestLoss(Double testLoss) {
    this.testLoss = testLoss;
  }

  public CheckpointRef getBestCheckpoint() {
    return bestCheckpoint;
  }

  public void setBestCheckpoint(CheckpointRef bestCheckpoint) {
    this.bestCheckpoint = bestCheckpoint;
  }

  public CheckpointRef getBestModel() {
    return bestModel;
  }

  public void setBestModel(CheckpointRef bestModel) {
    this.bestModel = bestModel;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
