package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** What makes one trial better than another. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.mode) || !has(self.monitor) || (self.monitor == 'val_accuracy') =="
            + " (self.mode == 'max')",
    fieldPath = ".mode",
    message =
        "objective.mode contradicts objective.monitor: losses are minimised (min), accuracy"
            + " maximised (max); leave mode out")
public class SweepObjective {

  @JsonPropertyDescription(
      "The metric trials are compared and pruned on: val_loss, val_accuracy or train_loss."
          + " Default: the template's earlyStopping.monitor.")
  private Monitor monitor;

  @JsonPropertyDescription(
      "min or max. Default: the template's earlyStopping.mode when it watches the same monitor,"
          + " else min for losses and max for accuracy.")
  private Mode mode;

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
}
