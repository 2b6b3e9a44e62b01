package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** When to stop: the run ends once the monitor has not improved for {@code patience} epochs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.mode) && self.mode == 'min' && self.monitor == 'val_accuracy')",
    fieldPath = ".mode",
    message =
        "mode: min contradicts monitor: val_accuracy (accuracy is maximised); use mode: max or"
            + " leave mode out")
@ValidationRule(
    value =
        "!(has(self.mode) && self.mode == 'max' && (self.monitor == 'val_loss' || self.monitor"
            + " == 'train_loss'))",
    fieldPath = ".mode",
    message =
        "mode: max contradicts a loss monitor (losses are minimised); use mode: min or leave"
            + " mode out")
public class EarlyStoppingSpec {

  /** Default of {@code patience}. */
  public static final int DEFAULT_PATIENCE = 5;

  /** Default of {@code monitor}; its wire name is the schema's default. */
  public static final Monitor DEFAULT_MONITOR = Monitor.VAL_LOSS;

  /** Default of {@code delta}. */
  public static final double DEFAULT_DELTA = 0.0;

  /** Default of {@code minEpochs}. */
  public static final int DEFAULT_MIN_EPOCHS = 0;

  /** Default of {@code stopOnNonFinite}. */
  public static final boolean DEFAULT_STOP_ON_NON_FINITE = true;

  @Default(Monitor.VAL_LOSS_NAME)
  @JsonPropertyDescription(
      "The metric to watch: val_loss, val_accuracy or train_loss. Default "
          + Monitor.VAL_LOSS_NAME
          + ".")
  private Monitor monitor;

  @JsonPropertyDescription(
      "min when smaller is better, max when larger is better. Leave it out to let Plateau"
          + " choose from the monitor: min for losses, max for accuracy. A mode that"
          + " contradicts the monitor is rejected.")
  private Mode mode;

  @Default("" + DEFAULT_PATIENCE)
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Stop after this many epochs in a row without improvement. Default " + DEFAULT_PATIENCE + ".")
  private Integer patience;

  @Default("" + DEFAULT_DELTA)
  @Min(0)
  @JsonPropertyDescription(
      "Smallest change that counts as an improvement, absolute, in the monitor's unit: an"
          + " epoch improves only if it beats the best so far by more than delta (equal is no"
          + " improvement). Default "
          + DEFAULT_DELTA
          + ".")
  private Double delta;

  @Default("" + DEFAULT_MIN_EPOCHS)
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription(
      "Never stop before this many epochs. Earlier epochs still count toward the best value"
          + " and the patience counter. Default "
          + DEFAULT_MIN_EPOCHS
          + ".")
  private Integer minEpochs;

  @Default("" + DEFAULT_STOP_ON_NON_FINITE)
  @JsonPropertyDescription(
      "Stop the run with reason NonFiniteMetric when the monitored value is NaN or infinite"
          + " (the best checkpoint before it is kept). When false, such an epoch counts as no"
          + " improvement. Default "
          + DEFAULT_STOP_ON_NON_FINITE
          + ".")
  private Boolean stopOnNonFinite;

  @Default(EnforcedBy.TRAINER_NAME)
  @JsonPropertyDescription(
      "Who applies the rule: trainer (default; Plateau's trainer does) or operator, for a"
          + " custom trainer that only reports progress: the operator applies the same rule to"
          + " the reported epochs and, when patience runs out, sends the trainer a stop request"
          + " (stop.json in its progress ConfigMap); the run ends EarlyStopped.")
  private EnforcedBy enforcedBy;

  public EnforcedBy getEnforcedBy() {
    return enforcedBy;
  }

  public void setEnforcedBy(EnforcedBy enforcedBy) {
    this.enforcedBy = enforcedBy;
  }

  public EnforcedBy enforcedByOrDefault() {
    return enforcedBy == null ? EnforcedBy.TRAINER : enforcedBy;
  }

  public Monitor getMonitor() {
    return monitor;
  }

  /** {@code monitor}, else its default. */
  public Monitor monitorOrDefault() {
    return monitor == null ? DEFAULT_MONITOR : monitor;
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

  public Integer getPatience() {
    return patience;
  }

  /** {@code patience}, else its default. */
  public int patienceOrDefault() {
    return patience == null ? DEFAULT_PATIENCE : patience;
  }

  public void setPatience(Integer patience) {
    this.patience = patience;
  }

  public Double getDelta() {
    return delta;
  }

  /** {@code delta}, else its default. */
  public double deltaOrDefault() {
    return delta == null ? DEFAULT_DELTA : delta;
  }

  public void setDelta(Double delta) {
    this.delta = delta;
  }

  public Integer getMinEpochs() {
    return minEpochs;
  }

  /** {@code minEpochs}, else its default. */
  public int minEpochsOrDefault() {
    return minEpochs == null ? DEFAULT_MIN_EPOCHS : minEpochs;
  }

  public void setMinEpochs(Integer minEpochs) {
    this.minEpochs = minEpochs;
  }

  public Boolean getStopOnNonFinite() {
    return stopOnNonFinite;
  }

  /** {@code stopOnNonFinite}, else its default. */
  public boolean stopOnNonFiniteOrDefault() {
    return stopOnNonFinite == null ? DEFAULT_STOP_ON_NON_FINITE : stopOnNonFinite;
  }

  public void setStopOnNonFinite(Boolean stopOnNonFinite) {
    this.stopOnNonFinite = stopOnNonFinite;
  }

  /** The mode in force: the explicit one, else the monitor's natural one. */
  public Mode resolvedMode() {
    return mode != null ? mode : monitorOrDefault().naturalMode();
  }
}
