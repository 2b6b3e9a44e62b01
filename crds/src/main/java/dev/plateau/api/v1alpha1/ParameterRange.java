package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Numbers from min to max, drawn uniformly (on a log scale: uniformly in log space). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.min <= self.max",
    fieldPath = ".max",
    message = "range.max must not be below range.min")
@ValidationRule(
    value = "self.scale != 'log' || self.min > 0.0",
    fieldPath = ".min",
    message = "a log-scale range needs min > 0 (e.g. 0.0001 for a learning rate)")
public class ParameterRange {

  /** How a range is sampled. */
  public enum Scale {
    @JsonProperty(Scale.LINEAR_NAME)
    LINEAR,
    @JsonProperty("log")
    LOG;

    public static final String LINEAR_NAME = "linear";
  }

  @Required
  @JsonPropertyDescription("Smallest value.")
  private Double min;

  @Required
  @JsonPropertyDescription("Largest value.")
  private Double max;

  @Default(Scale.LINEAR_NAME)
  @JsonPropertyDescription(
      "linear (uniform) or log (uniform in log space, the usual choice for learning rates and"
          + " weight decay). Default linear.")
  private Scale scale;

  public ParameterRange() {}

  public ParameterRange(double min, double max, Scale scale) {
    this.min = min;
    this.max = max;
    this.scale = scale;
  }

  public Double getMin() {
    return min;
  }

  public void setMin(Double min) {
    this.min = min;
  }

  public Double getMax() {
    return max;
  }

  public void setMax(Double max) {
    this.max = max;
  }

  public Scale getScale() {
    return scale;
  }

  public void setScale(Scale scale) {
    this.scale = scale;
  }

  public Scale scaleOrDefault() {
    return scale == null ? Scale.LINEAR : scale;
  }
}
