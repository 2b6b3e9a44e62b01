package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A cumulative picture of a training: what the trainer patches under {@code progress.json} and what
 * the operator copies, validated, into {@code status.progress}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProgressSnapshot {

  /** Epochs kept in {@link #getHistory()}; the full history is in metrics.jsonl. */
  public static final int HISTORY_LIMIT = 20;

  @JsonPropertyDescription(
      "metadata.uid of the run the trainer works for; a snapshot for another UID is ignored.")
  private String runUid;

  @JsonPropertyDescription("Epochs finished so far.")
  private Integer epoch;

  @JsonPropertyDescription("training.maxEpochs of the run.")
  private Integer maxEpochs;

  @JsonPropertyDescription("Batches done in the epoch under way.")
  private Integer step;

  @JsonPropertyDescription("Batches in one epoch.")
  private Integer stepsPerEpoch;

  @JsonPropertyDescription("Mean training loss of the last finished epoch.")
  private Double trainLoss;

  @JsonPropertyDescription("Validation loss of the last finished epoch.")
  private Double valLoss;

  @JsonPropertyDescription("Validation accuracy of the last finished epoch, 0 to 1.")
  private Double valAccuracy;

  @JsonPropertyDescription("Learning rate in use.")
  private Double learningRate;

  @JsonPropertyDescription("Seconds the last finished epoch took.")
  private Double epochSeconds;

  @JsonPropertyDescription("Training samples per second in the last finished epoch.")
  private Double samplesPerSecond;

  @JsonPropertyDescription("The metric early stopping watches.")
  private Monitor monitor;

  @JsonPropertyDescription("min or max: whether a smaller or larger monitor value is better.")
  private Mode mode;

  @JsonPropertyDescription("The monitored metric's value in the last finished epoch.")
  private Double monitorValue;

  @JsonPropertyDescription("The epoch with the best monitored value so far.")
  private Integer bestEpoch;

  @JsonPropertyDescription("The best monitored value so far.")
  private Double bestMetric;

  @JsonPropertyDescription(
      "Epochs in a row without improvement; the run stops when it reaches patience.")
  private Integer epochsSinceImprovement;

  @JsonPropertyDescription("earlyStopping.patience of the run.")
  private Integer patience;

  @JsonPropertyDescription("earlyStopping.minEpochs of the run: no early stop before this epoch.")
  private Integer minEpochs;

  @JsonPropertyDescription(
      "Where the trainer keeps its best checkpoint (claim and path), for a trainer that names it"
          + " before it ends: a run the operator has to end itself gets it as its result's best"
          + " checkpoint.")
  private CheckpointRef bestCheckpoint;

  @JsonPropertyDescription("When the trainer wrote this snapshot (RFC 3339).")
  private String updatedAt;

  @JsonPropertyDescription(
      "Time left to the earliest possible early stop and to maxEpochs, as of updatedAt. Set by"
          + " the operator from the snapshot (a trainer's own value is replaced); absent until an"
          + " epoch has reported its epochSeconds.")
  private ProgressEta eta;

  @Size(max = HISTORY_LIMIT)
  @JsonPropertyDescription(
      "The last 20 epochs, oldest first. The full history is metrics.jsonl next to the"
          + " checkpoints.")
  private List<EpochRecord> history;

  public String getRunUid() {
    return runUid;
  }

  public void setRunUid(String runUid) {
    this.runUid = runUid;
  }

  public Integer getEpoch() {
    return epoch;
  }

  public void setEpoch(Integer epoch) {
    this.epoch = epoch;
  }

  public Integer getMaxEpochs() {
    return maxEpochs;
  }

  public void setMaxEpochs(Integer maxEpochs) {
    this.maxEpochs = maxEpochs;
  }

  public Integer getStep() {
    return step;
  }

  public void setStep(Integer step) {
    this.step = step;
  }

  public Integer getStepsPerEpoch() {
    return stepsPerEpoch;
  }

  public void setStepsPerEpoch(Integer stepsPerEpoch) {
    this.stepsPerEpoch = stepsPerEpoch;
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

  public Double getMonitorValue() {
    return monitorValue;
  }

  public void setMonitorValue(Double monitorValue) {
    this.monitorValue = monitorValue;
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

  public Integer getEpochsSinceImprovement() {
    return epochsSinceImprovement;
  }

  public void setEpochsSinceImprovement(Integer epochsSinceImprovement) {
    this.epochsSinceImprovement = epochsSinceImprovement;
  }

  public Integer getPatience() {
    return patience;
  }

  public void setPatience(Integer patience) {
    this.patience = patience;
  }

  public CheckpointRef getBestCheckpoint() {
    return bestCheckpoint;
  }

  public void setBestCheckpoint(CheckpointRef bestCheckpoint) {
    this.bestCheckpoint = bestCheckpoint;
  }

  public Integer getMinEpochs() {
    return minEpochs;
  }

  public void setMinEpochs(Integer minEpochs) {
    this.minEpochs = minEpochs;
  }

  public ProgressEta getEta() {
    return eta;
  }

  public void setEta(ProgressEta eta) {
    this.eta = eta;
  }

  public String getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(String updatedAt) {
    this.updatedAt = updatedAt;
  }

  public List<EpochRecord> getHistory() {
    return history;
  }

  public void setHistory(List<EpochRecord> history) {
    this.history = history;
  }
}
