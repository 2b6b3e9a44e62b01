package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One trial of a sweep as the sweep's status keeps it: its values, state and learning curve. The
 * curve is what the pruners compare (ASHA at its rungs, the median rule at every epoch); a trial's
 * own status holds only its last 20 epochs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrialRecord {

  /**
   * How a non-finite value is kept in {@link #getValues()} (a structural schema has no NaN and no
   * null list items): the worst finite number in the objective's direction.
   */
  public static double recorded(double value, Mode mode) {
    if (Double.isFinite(value)) {
      return value;
    }
    return mode == Mode.MIN ? Double.MAX_VALUE : -Double.MAX_VALUE;
  }

  /** The value a {@link #recorded} one stands for: NaN for the stand-in of a non-finite value. */
  public static double read(double recorded) {
    return Math.abs(recorded) == Double.MAX_VALUE ? Double.NaN : recorded;
  }

  @JsonPropertyDescription("The trial's TrainingRun: <sweep>-<number>.")
  private String name;

  @JsonPropertyDescription("The trial's number, from 0: it fixes the trial's values.")
  private Integer number;

  @JsonPropertyDescription("Pending, Running, Completed, Pruned or Failed.")
  private TrialState state;

  @JsonPropertyDescription(
      "The values of the swept fields, as text: e.g. training.learningRate: \"0.00315\".")
  private Map<String, String> parameters;

  @JsonPropertyDescription(
      "The objective's value at each epoch, epoch 1 first; a value that was not finite is"
          + " recorded as the worst number there is (1.7976931348623157e308 when smaller is"
          + " better, its negative when larger is).")
  @Size(max = 10000)
  private List<Double> values = new ArrayList<>();

  @JsonPropertyDescription("Best value of the objective so far.")
  private Double bestValue;

  @JsonPropertyDescription("Epoch of the best value.")
  private Integer bestEpoch;

  @JsonPropertyDescription(
      "Epochs up to which the pruner has judged the trial (it judges each rung or epoch once).")
  private Integer judgedUpTo;

  @Size(max = 1024)
  @JsonPropertyDescription("Why the trial was pruned or failed.")
  private String message;

  @JsonPropertyDescription("When the stop request was written (RFC 3339), for a pruned trial.")
  private String stopRequestedAt;

  @JsonPropertyDescription("The trial's best checkpoint, once it has ended.")
  private CheckpointRef bestCheckpoint;

  @JsonPropertyDescription("The trial's test accuracy (0 to 1), once it has ended.")
  private Double testAccuracy;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getNumber() {
    return number;
  }

  public void setNumber(Integer number) {
    this.number = number;
  }

  public TrialState getState() {
    return state;
  }

  public void setState(TrialState state) {
    this.state = state;
  }

  public Map<String, String> getParameters() {
    return parameters;
  }

  public void setParameters(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  public List<Double> getValues() {
    return values;
  }

  public void setValues(List<Double> values) {
    this.values = values;
  }

  public Double getBestValue() {
    return bestValue;
  }

  public void setBestValue(Double bestValue) {
    this.bestValue = bestValue;
  }

  public Integer getBestEpoch() {
    return bestEpoch;
  }

  public void setBestEpoch(Integer bestEpoch) {
    this.bestEpoch = bestEpoch;
  }

  public Integer getJudgedUpTo() {
    return judgedUpTo;
  }

  public void setJudgedUpTo(Integer judgedUpTo) {
    this.judgedUpTo = judgedUpTo;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getStopRequestedAt() {
    return stopRequestedAt;
  }

  public void setStopRequestedAt(String stopRequestedAt) {
    this.stopRequestedAt = stopRequestedAt;
  }

  public CheckpointRef getBestCheckpoint() {
    return bestCheckpoint;
  }

  public void setBestCheckpoint(CheckpointRef bestCheckpoint) {
    this.bestCheckpoint = bestCheckpoint;
  }

  public Double getTestAccuracy() {
    return testAccuracy;
  }

  public void setTestAccuracy(Double testAccuracy) {
    this.testAccuracy = testAccuracy;
  }
}
