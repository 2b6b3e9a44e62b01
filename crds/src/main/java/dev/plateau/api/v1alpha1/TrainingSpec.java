package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How to train: epochs, batches, optimizer and learning-rate schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.momentum) || self.optimizer == 'sgd'",
    message = "momentum applies only to optimizer: sgd")
@ValidationRule(
    value =
        "!has(self.reduceLROnPlateau) || self.reduceLROnPlateau.minLearningRate < self.learningRate",
    message = "reduceLROnPlateau.minLearningRate must be below learningRate")
public class TrainingSpec {

  /** Momentum of SGD when the manifest does not set one. */
  public static final double DEFAULT_MOMENTUM = 0.9;

  @Default("50")
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription(
      "Upper bound on the number of epochs; early stopping usually ends the run sooner."
          + " Default 50.")
  private Integer maxEpochs = 50;

  @Default("64")
  @Min(1)
  @Max(65536)
  @JsonPropertyDescription("Samples per training batch. Default 64.")
  private Integer batchSize = 64;

  @Default("adam")
  @JsonPropertyDescription("The optimizer: adam, or sgd (with momentum). Default adam.")
  private OptimizerType optimizer = OptimizerType.ADAM;

  @Default("0.001")
  @Min(value = 0, inclusive = false)
  @Max(10)
  @JsonPropertyDescription("Initial learning rate (above 0, at most 10). Default 0.001.")
  private Double learningRate = 0.001;

  @Min(0)
  @Max(value = 1, inclusive = false)
  @JsonPropertyDescription("Momentum of sgd (0 to below 1). Default 0.9. Only for optimizer: sgd.")
  private Double momentum;

  @Default("0.0")
  @Min(0)
  @Max(1)
  @JsonPropertyDescription("L2 weight decay (0 to 1). Default 0.")
  private Double weightDecay = 0.0;

  @Default("42")
  @Min(0)
  @JsonPropertyDescription(
      "Seed for weight initialisation, the validation split and the per-epoch shuffle; the"
          + " same seed on the same data gives the same split and order, also after a resume."
          + " Default 42.")
  private Long seed = 42L;

  @JsonPropertyDescription(
      "Lower the learning rate when the early-stopping monitor stops improving. Off when"
          + " absent.")
  private ReduceLROnPlateauSpec reduceLROnPlateau;

  public Integer getMaxEpochs() {
    return maxEpochs;
  }

  public void setMaxEpochs(Integer maxEpochs) {
    this.maxEpochs = maxEpochs;
  }

  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  public OptimizerType getOptimizer() {
    return optimizer;
  }

  public void setOptimizer(OptimizerType optimizer) {
    this.optimizer = optimizer;
  }

  public Double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(Double learningRate) {
    this.learningRate = learningRate;
  }

  public Double getMomentum() {
    return momentum;
  }

  public void setMomentum(Double momentum) {
    this.momentum = momentum;
  }

  public Double getWeightDecay() {
    return weightDecay;
  }

  public void setWeightDecay(Double weightDecay) {
    this.weightDecay = weightDecay;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  public ReduceLROnPlateauSpec getReduceLROnPlateau() {
    return reduceLROnPlateau;
  }

  public void setReduceLROnPlateau(ReduceLROnPlateauSpec reduceLROnPlateau) {
    this.reduceLROnPlateau = reduceLROnPlateau;
  }

  public double momentumOrDefault() {
    return momentum == null ? DEFAULT_MOMENTUM : momentum;
  }
}
