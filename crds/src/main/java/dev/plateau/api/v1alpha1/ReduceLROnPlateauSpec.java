package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Lowers the learning rate when the early-stopping monitor stops improving, with its own patience.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReduceLROnPlateauSpec {

  @Default("0.1")
  @Min(value = 0, inclusive = false)
  @Max(value = 1, inclusive = false)
  @JsonPropertyDescription(
      "The learning rate is multiplied by this factor (above 0, below 1) on a plateau."
          + " Default 0.1.")
  private Double factor = 0.1;

  @Default("2")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Epochs without improvement of the early-stopping monitor (by more than its delta)"
          + " before the learning rate is lowered. Keep it below earlyStopping.patience."
          + " Default 2.")
  private Integer patience = 2;

  @Default("0.0")
  @Min(0)
  @JsonPropertyDescription("The learning rate is never lowered below this. Default 0.")
  private Double minLearningRate = 0.0;

  public Double getFactor() {
    return factor;
  }

  public void setFactor(Double factor) {
    this.factor = factor;
  }

  public Integer getPatience() {
    return patience;
  }

  public void setPatience(Integer patience) {
    this.patience = patience;
  }

  public Double getMinLearningRate() {
    return minLearningRate;
  }

  public void setMinLearningRate(Double minLearningRate) {
    this.minLearningRate = minLearningRate;
  }
}
