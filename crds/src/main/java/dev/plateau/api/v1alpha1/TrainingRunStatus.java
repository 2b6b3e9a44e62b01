package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.plateau.api.status.Condition;
import dev.plateau.api.status.Phase;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a run. The operator is its only writer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingRunStatus {

  @JsonPropertyDescription(
      "One-word summary derived from the conditions: Pending, Running, Succeeded, Failed or"
          + " Suspended.")
  private Phase phase;

  @Size(max = 8)
  @JsonPropertyDescription(
      "Accepted, Running, Complete, Failed and Suspended, each True, False or Unknown with a"
          + " reason. Wait on Complete or Failed.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "The trainer's latest report: epoch, metrics, best so far, epochs since improvement and"
          + " the last 20 epochs.")
  private ProgressSnapshot progress;

  @JsonPropertyDescription(
      "How training ended: stop reason, best epoch and metric, test accuracy and the best"
          + " checkpoint. Set only once the run has ended.")
  private TrainingResult result;

  @JsonPropertyDescription(
      "The stop request the trainer was sent (a sweep pruning the run, or early stopping the"
          + " operator enforces), and whether the operator had to end the run itself.")
  private StopRequestStatus stopRequest;

  @JsonPropertyDescription(
      "For earlyStopping.enforcedBy: operator, the rule's state as the operator applies it to"
          + " the reported epochs.")
  private EnforcedEarlyStopping earlyStopping;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Name of the run's Job.")
  private String jobName;

  @JsonPropertyDescription("Trainer pod attempt: 1 plus the pods of the Job that failed.")
  private Integer attempt;

  @JsonPropertyDescription("When training started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the run ended (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Trainer image, operator version and config hash of the run.")
  private Lineage lineage;

  public EnforcedEarlyStopping getEarlyStopping() {
    return earlyStopping;
  }

  public void setEarlyStopping(EnforcedEarlyStopping earlyStopping) {
    this.earlyStopping = earlyStopping;
  }

  public StopRequestStatus getStopRequest() {
    return stopRequest;
  }

  public void setStopRequest(StopRequestStatus stopRequest) {
    this.stopRequest = stopRequest;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public ProgressSnapshot getProgress() {
    return progress;
  }

  public void setProgress(ProgressSnapshot progress) {
    this.progress = progress;
  }

  public TrainingResult getResult() {
    return result;
  }

  public void setResult(TrainingResult result) {
    this.result = result;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public Lineage getLineage() {
    return lineage;
  }

  public void setLineage(Lineage lineage) {
    this.lineage = lineage;
  }
}
