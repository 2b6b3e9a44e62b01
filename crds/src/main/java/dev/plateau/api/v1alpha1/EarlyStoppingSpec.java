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
    message =
        "mode: min contradicts monitor: val_accuracy (accuracy is maximised); use mode: max or"
            + " leave mode out")
@ValidationRule(
    value =
        "!(has(self.mode) && self.mode == 'max' && (self.monitor == 'val_loss' || self.monitor"
            + " == 'train_loss'))",
    message =
        "mode: max contradicts a loss monitor (losses are minimised); use mode: min or leave"
            + " mode out")
public class EarlyStoppingSpec {

  @Default("val_loss")
  @JsonPropertyDescription(
      "The metric to watch: val_loss, val_accuracy or train_loss. Default val_loss.")
  private Monitor monitor = Monitor.VAL_LOSS;

  @JsonPropertyDescription(
      "min when smaller is better, max when larger is better. Leave it out to let Plateau"
          + " choose from the monitor: min for losses, max for accuracy. A mode that"
          + " contradicts the monitor is rejected.")
  private Mode mode;

  @Default("5")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Stop after this many epochs in a row without improvement. Default 5.")
  private Integer patience = 5;

  @Default("0.0")
  @Min(0)
  @JsonPropertyDescription(
      "Smallest change that counts as an improvement, absolute, in the monitor's unit: an"
          + " epoch improves only if it beats the best so far by more than delta (equal is no"
          + " improvement). Default 0.")
  private Double delta = 0.0;

  @Default("0")
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription(
      "Never stop before this many epochs. Earlier epochs still count toward the best value"
          + " and the patience counter. Default 0.")
  private Integer minEpochs = 0;

  @Default("true")
  @JsonPropertyDescription(
      "Stop the run with reason NonFiniteMetric when the monitored value is NaN or infinite"
          + " (the best checkpoint before it is kept). When false, such an epoch counts as no"
          + " improvement. Default true.")
  private Boolean stopOnNonFinite = true;

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

  public Integer getPatience() {
    return patience;
  }

  public void setPatience(Integer patience) {
    this.patience = patience;
  }

  public Double getDelta() {
    return delta;
  }

  public void setDelta(Double delta) {
    this.delta = delta;
  }

  public Integer getMinEpochs() {
    return minEpochs;
  }

  public void setMinEpochs(Integer minEpochs) {
    this.minEpochs = minEpochs;
  }

  public Boolean getStopOnNonFinite() {
    return stopOnNonFinite;
  }

  public void setStopOnNonFinite(Boolean stopOnNonFinite) {
    this.stopOnNonFinite = stopOnNonFinite;
  }

  /** The mode in force: the explicit one, else the monitor's natural one. */
  public Mode resolvedMode() {
    return mode != null ? mode : monitor.naturalMode();
  }
}
