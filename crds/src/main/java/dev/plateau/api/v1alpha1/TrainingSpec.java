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
    fieldPath = ".momentum",
    message = "momentum applies only to optimizer: sgd")
@ValidationRule(
    value =
        "!has(self.reduceLROnPlateau) || self.reduceLROnPlateau.minLearningRate < self.learningRate",
    fieldPath = ".reduceLROnPlateau.minLearningRate",
    message = "reduceLROnPlateau.minLearningRate must be below learningRate")
public class TrainingSpec {

  /** Default of {@code maxEpochs}. */
  public static final int DEFAULT_MAX_EPOCHS = 50;

  /** Default of {@code optimizer}; its wire name is the schema's default. */
  public static final OptimizerType DEFAULT_OPTIMIZER = OptimizerType.ADAM;

  /** Default of {@code batchSize}. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  /** Default of {@code learningRate}. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;

  /** Default of {@code weightDecay}. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;

  /** Default of {@code seed}. */
  public static final long DEFAULT_SEED = 42L;

  /** Momentum of SGD when the manifest does not set one. */
  public static final double DEFAULT_MOMENTUM = 0.9;

  @Default("" + DEFAULT_MAX_EPOCHS)
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription(
      "Upper bound on the number of epochs; early stopping usually ends the run sooner."
          + " Default "
          + DEFAULT_MAX_EPOCHS
          + ".")
  private Integer maxEpochs;

  @Default("" + DEFAULT_BATCH_SIZE)
  @Min(1)
  @Max(65536)
  @JsonPropertyDescription("Samples per training batch. Default " + DEFAULT_BATCH_SIZE + ".")
  private Integer batchSize;

  @Default(OptimizerType.ADAM_NAME)
  @JsonPropertyDescription(
      "The optimizer: adam, or sgd (with momentum). Default " + OptimizerType.ADAM_NAME + ".")
  private OptimizerType optimizer;

  @Default("" + DEFAULT_LEARNING_RATE)
  @Min(value = 0, inclusive = false)
  @Max(10)
  @JsonPropertyDescription(
      "Initial learning rate (above 0, at most 10). Default " + DEFAULT_LEARNING_RATE + ".")
  private Double learningRate;

  @Min(0)
  @Max(value = 1, inclusive = false)
  @JsonPropertyDescription(
      "Momentum of sgd (0 to below 1). Default " + DEFAULT_MOMENTUM + ". Only for optimizer: sgd.")
  private Double momentum;

  @Default("" + DEFAULT_WEIGHT_DECAY)
  @Min(0)
  @Max(1)
  @JsonPropertyDescription("L2 weight decay (0 to 1). Default " + DEFAULT_WEIGHT_DECAY + ".")
  private Double weightDecay;

  @Default("" + DEFAULT_SEED)
  @Min(0)
  @JsonPropertyDescription(
      "Seed for weight initialisation, the validation split and the per-epoch shuffle; the"
          + " same seed on the same data gives the same split and order, also after a resume."
          + " Default "
          + DEFAULT_SEED
          + ".")
  private Long seed;

  @JsonPropertyDescription(
      "Lower the learning rate when the early-stopping monitor stops improving. Off when"
          + " absent.")
  private ReduceLROnPlateauSpec reduceLROnPlateau;

  public Integer getMaxEpochs() {
    return maxEpochs;
  }

  /** {@code maxEpochs}, else its default. */
  public int maxEpochsOrDefault() {
    return maxEpochs == null ? DEFAULT_MAX_EPOCHS : maxEpochs;
  }

  public void setMaxEpochs(Integer maxEpochs) {
    this.maxEpochs = maxEpochs;
  }

  public Integer getBatchSize() {
    return batchSize;
  }

  /** {@code batchSize}, else its default. */
  public int batchSizeOrDefault() {
    return batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  public OptimizerType getOptimizer() {
    return optimizer;
  }

  /** {@code optimizer}, else its default. */
  public OptimizerType optimizerOrDefault() {
    return optimizer == null ? DEFAULT_OPTIMIZER : optimizer;
  }

  public void setOptimizer(OptimizerType optimizer) {
    this.optimizer = optimizer;
  }

  public Double getLearningRate() {
    return learningRate;
  }

  /** {@code learningRate}, else its default. */
  public double learningRateOrDefault() {
    return learningRate == null ? DEFAULT_LEARNING_RATE : learningRate;
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

  /** {@code weightDecay}, else its default. */
  public double weightDecayOrDefault() {
    return weightDecay == null ? DEFAULT_WEIGHT_DECAY : weightDecay;
  }

  public void setWeightDecay(Double weightDecay) {
    this.weightDecay = weightDecay;
  }

  public Long getSeed() {
    return seed;
  }

  /** {@code seed}, else its default. */
  public long seedOrDefault() {
    return seed == null ? DEFAULT_SEED : seed;
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
