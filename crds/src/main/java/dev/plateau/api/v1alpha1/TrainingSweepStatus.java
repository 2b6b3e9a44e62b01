package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.plateau.api.status.Condition;
import dev.plateau.api.status.Phase;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a sweep. The operator is its only writer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingSweepStatus {

  /** Entries of {@link #getLeaderboard()}. */
  public static final int LEADERBOARD_SIZE = 10;

  @JsonPropertyDescription(
      "Running while trials train, Succeeded once every trial has ended and one has a result,"
          + " Failed when the spec is invalid or every trial failed.")
  private Phase phase;

  @Size(max = 8)
  @JsonPropertyDescription(
      "Running, Complete and Failed, each True, False or Unknown with a reason. Wait on"
          + " Complete or Failed.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Trials created so far.")
  private Integer created;

  @JsonPropertyDescription("Trials training now (or waiting for their pods).")
  private Integer running;

  @JsonPropertyDescription("Trials stopped by the pruner.")
  private Integer pruned;

  @JsonPropertyDescription("Trials ended by their own early stopping or maxEpochs.")
  private Integer completed;

  @JsonPropertyDescription("Trials that failed.")
  private Integer failed;

  @JsonPropertyDescription("The trial with the best objective value so far.")
  private TrialRecord bestTrial;

  @Size(max = LEADERBOARD_SIZE)
  @JsonPropertyDescription(
      "The 10 best trials by their best objective value, best first (their curves left out).")
  private List<TrialRecord> leaderboard;

  @Size(max = 200)
  @JsonPropertyDescription("Every trial created, by number, with its learning curve.")
  private List<TrialRecord> trials = new ArrayList<>();

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

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

  public Integer getCreated() {
    return created;
  }

  public void setCreated(Integer created) {
    this.created = created;
  }

  public Integer getRunning() {
    return running;
  }

  public void setRunning(Integer running) {
    this.running = running;
  }

  public Integer getPruned() {
    return pruned;
  }

  public void setPruned(Integer pruned) {
    this.pruned = pruned;
  }

  public Integer getCompleted() {
    return completed;
  }

  public void setCompleted(Integer completed) {
    this.completed = completed;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public TrialRecord getBestTrial() {
    return bestTrial;
  }

  public void setBestTrial(TrialRecord bestTrial) {
    this.bestTrial = bestTrial;
  }

  public List<TrialRecord> getLeaderboard() {
    return leaderboard;
  }

  public void setLeaderboard(List<TrialRecord> leaderboard) {
    this.leaderboard = leaderboard;
  }

  public List<TrialRecord> getTrials() {
    return trials;
  }

  public void setTrials(List<TrialRecord> trials) {
    this.trials = trials;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
