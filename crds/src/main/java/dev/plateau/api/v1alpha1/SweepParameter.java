package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * One field of the trial template a sweep varies, with exactly one of range, values, choices or
 * layerLists; the CEL rules tie each field to the kind of value it takes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.range) ? 1 : 0) + (has(self.values) ? 1 : 0) + (has(self.choices) ? 1 : 0)"
            + " + (has(self.layerLists) ? 1 : 0) == 1",
    message = "a parameter needs exactly one of range, values, choices or layerLists")
@ValidationRule(
    value =
        "!(has(self.range) || has(self.values)) || self.name in " + SweepParameter.NUMBER_FIELDS,
    fieldPath = ".name",
    message =
        "range and values are numbers: they vary training.learningRate, training.batchSize,"
            + " training.weightDecay, training.momentum or model.dropout; use choices for"
            + " training.optimizer and layerLists for model.hiddenLayers")
@ValidationRule(
    value = "!has(self.choices) || self.name == 'training.optimizer'",
    fieldPath = ".name",
    message = "choices (strings) vary training.optimizer only; numbers take range or values")
@ValidationRule(
    value = "!has(self.layerLists) || self.name == 'model.hiddenLayers'",
    fieldPath = ".name",
    message = "layerLists vary model.hiddenLayers only")
@ValidationRule(
    value = "self.name != 'training.batchSize' || !has(self.range)",
    fieldPath = ".range",
    message =
        "training.batchSize takes whole numbers: give values (e.g. [64, 128, 256]), not a range")
@ValidationRule(
    value =
        "self.name != 'training.batchSize' || !has(self.values) || self.values.all(v, v >= 1.0 &&"
            + " v <= 65536.0 && v == double(int(v)))",
    fieldPath = ".values",
    message = "training.batchSize values must be whole numbers from 1 to 65536")
@ValidationRule(
    value = "!has(self.choices) || self.choices.all(c, c == 'adam' || c == 'sgd')",
    fieldPath = ".choices",
    message = "training.optimizer choices must be adam or sgd")
public class SweepParameter {

  /** The fields that take numbers, as a CEL list. */
  static final String NUMBER_FIELDS =
      "['training.learningRate', 'training.batchSize', 'training.weightDecay',"
          + " 'training.momentum', 'model.dropout']";

  @Required
  @JsonPropertyDescription(
      "The template field to vary: training.learningRate, training.batchSize,"
          + " training.weightDecay, training.optimizer, training.momentum (sgd trials only),"
          + " model.hiddenLayers or model.dropout.")
  private SweptField name;

  @JsonPropertyDescription(
      "Numbers from min to max (random search only): learningRate, weightDecay, momentum,"
          + " dropout.")
  private ParameterRange range;

  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Numbers to choose from, e.g. batch sizes [64, 128, 256].")
  private List<Double> values;

  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Strings to choose from: optimizers, e.g. [adam, sgd].")
  private List<@Size(max = 16) String> choices;

  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Hidden layer lists to choose from, e.g. [[256, 128], [512]].")
  private List<@Size(min = 1, max = 8) List<Integer>> layerLists;

  public SweepParameter() {}

  public SweptField getName() {
    return name;
  }

  public void setName(SweptField name) {
    this.name = name;
  }

  public ParameterRange getRange() {
    return range;
  }

  public void setRange(ParameterRange range) {
    this.range = range;
  }

  public List<Double> getValues() {
    return values;
  }

  public void setValues(List<Double> values) {
    this.values = values;
  }

  public List<String> getChoices() {
    return choices;
  }

  public void setChoices(List<String> choices) {
    this.choices = choices;
  }

  public List<List<Integer>> getLayerLists() {
    return layerLists;
  }

  public void setLayerLists(List<List<Integer>> layerLists) {
    this.layerLists = layerLists;
  }
}
