package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a sweep stops its losing trials before their own early stopping would. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PruningSpec {

  public static final int DEFAULT_GRACE_PERIOD = 1;
  public static final int DEFAULT_REDUCTION_FACTOR = 3;
  public static final int DEFAULT_MIN_TRIALS = 3;

  @Default(PruningAlgorithm.ASHA_NAME)
  @JsonPropertyDescription(
      "asha (asynchronous successive halving: at rungs of gracePeriod x reductionFactor^k"
          + " epochs, only the top 1/reductionFactor go on), median (stop a trial whose best is"
          + " worse than the median of the others' running averages at the same epoch) or none."
          + " Default asha.")
  private PruningAlgorithm algorithm;

  @Default("" + DEFAULT_GRACE_PERIOD)
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Epochs every trial trains before it can be pruned (ASHA's first rung). Default "
          + DEFAULT_GRACE_PERIOD
          + ".")
  private Integer gracePeriod;

  @Default("" + DEFAULT_REDUCTION_FACTOR)
  @Min(2)
  @Max(16)
  @JsonPropertyDescription(
      "asha: rungs are reductionFactor times apart and 1/reductionFactor of the trials go on at"
          + " each. Default "
          + DEFAULT_REDUCTION_FACTOR
          + ".")
  private Integer reductionFactor;

  @Default("" + DEFAULT_MIN_TRIALS)
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "median: other trials that must have reached an epoch before a trial is judged at it."
          + " Default "
          + DEFAULT_MIN_TRIALS
          + ".")
  private Integer minTrials;

  public PruningAlgorithm algorithmOrDefault() {
    return algorithm == null ? PruningAlgorithm.ASHA : algorithm;
  }

  public int gracePeriodOrDefault() {
    return gracePeriod == null ? DEFAULT_GRACE_PERIOD : gracePeriod;
  }

  public int reductionFactorOrDefault() {
    return reductionFactor == null ? DEFAULT_REDUCTION_FACTOR : reductionFactor;
  }

  public int minTrialsOrDefault() {
    return minTrials == null ? DEFAULT_MIN_TRIALS : minTrials;
  }

  public PruningAlgorithm getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(PruningAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  public Integer getGracePeriod() {
    return gracePeriod;
  }

  public void setGracePeriod(Integer gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  public Integer getReductionFactor() {
    return reductionFactor;
  }

  public void setReductionFactor(Integer reductionFactor) {
    this.reductionFactor = reductionFactor;
  }

  public Integer getMinTrials() {
    return minTrials;
  }

  public void setMinTrials(Integer minTrials) {
    this.minTrials = minTrials;
  }
}
