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

  /** Default of {@code factor}. */
  public static final double DEFAULT_FACTOR = 0.1;

  /** Default of {@code patience}. */
  public static final int DEFAULT_PATIENCE = 2;

  /** Default of {@code minLearningRate}. */
  public static final double DEFAULT_MIN_LEARNING_RATE = 0.0;

  @Default("" + DEFAULT_FACTOR)
  @Min(value = 0, inclusive = false)
  @Max(value = 1, inclusive = false)
  @JsonPropertyDescription(
      "The learning rate is multiplied by this factor (above 0, below 1) on a plateau."
          + " Default "
          + DEFAULT_FACTOR
          + ".")
  private Double factor;

  @Default("" + DEFAULT_PATIENCE)
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Epochs without improvement of the early-stopping monitor (by more than its delta)"
          + " before the learning rate is lowered. Keep it below earlyStopping.patience."
          + " Default "
          + DEFAULT_PATIENCE
          + ".")
  private Integer patience;

  @Default("" + DEFAULT_MIN_LEARNING_RATE)
  @Min(0)
  @JsonPropertyDescription(
      "The learning rate is never lowered below this. Default " + DEFAULT_MIN_LEARNING_RATE + ".")
  private Double minLearningRate;

  public Double getFactor() {
    return factor;
  }

  /** {@code factor}, else its default. */
  public double factorOrDefault() {
    return factor == null ? DEFAULT_FACTOR : factor;
  }

  public void setFactor(Double factor) {
    this.factor = factor;
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

  public Double getMinLearningRate() {
    return minLearningRate;
  }

  /** {@code minLearningRate}, else its default. */
  public double minLearningRateOrDefault() {
    return minLearningRate == null ? DEFAULT_MIN_LEARNING_RATE : minLearningRate;
  }

  public void setMinLearningRate(Double minLearningRate) {
    this.minLearningRate = minLearningRate;
  }
}
