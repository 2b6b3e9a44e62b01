package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a sweep chooses its trials' values. */
public enum SweepAlgorithm {
  /** Each trial draws its values from the sweep's seed and its number. */
  @JsonProperty(SweepAlgorithm.RANDOM_NAME)
  RANDOM,
  /** Trials walk the product of the parameters' lists, the last parameter fastest. */
  @JsonProperty("grid")
  GRID;

  /** Wire name of {@link #RANDOM}, a constant so the schema's default can name it. */
  public static final String RANDOM_NAME = "random";
}
