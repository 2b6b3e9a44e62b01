package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.plateau.api.contract.EarlyStoppingState;

/**
 * The operator's early-stopping state for a run with {@code earlyStopping.enforcedBy: operator}:
 * what the rule remembers between the epochs the trainer reports.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnforcedEarlyStopping {

  @JsonPropertyDescription("The best monitored value the operator has seen.")
  private Double best;

  @JsonPropertyDescription("Its epoch.")
  private Integer bestEpoch;

  @JsonPropertyDescription("Epochs in a row without improvement, as the operator counts them.")
  private Integer epochsSinceImprovement;

  @JsonPropertyDescription("The last reported epoch the operator applied the rule to.")
  private Integer lastEpoch;

  public static EnforcedEarlyStopping of(EarlyStoppingState state) {
    EnforcedEarlyStopping e = new EnforcedEarlyStopping();
    e.setBest(state.best());
    e.setBestEpoch(state.bestEpoch());
    e.setEpochsSinceImprovement(state.counter());
    e.setLastEpoch(state.lastEpoch());
    return e;
  }

  /** The rule's state; the initial one for null. */
  public static EarlyStoppingState state(EnforcedEarlyStopping e) {
    if (e == null) {
      return EarlyStoppingState.INITIAL;
    }
    return new EarlyStoppingState(
        e.getBest(),
        e.getBestEpoch() == null ? 0 : e.getBestEpoch(),
        e.getEpochsSinceImprovement() == null ? 0 : e.getEpochsSinceImprovement(),
        e.getLastEpoch() == null ? 0 : e.getLastEpoch());
  }

  public Double getBest() {
    return best;
  }

  public void setBest(Double best) {
    this.best = best;
  }

  public Integer getBestEpoch() {
    return bestEpoch;
  }

  public void setBestEpoch(Integer bestEpoch) {
    this.bestEpoch = bestEpoch;
  }

  public Integer getEpochsSinceImprovement() {
    return epochsSinceImprovement;
  }

  public void setEpochsSinceImprovement(Integer epochsSinceImprovement) {
    this.epochsSinceImprovement = epochsSinceImprovement;
  }

  public Integer getLastEpoch() {
    return lastEpoch;
  }

  public void setLastEpoch(Integer lastEpoch) {
    this.lastEpoch = lastEpoch;
  }
}
