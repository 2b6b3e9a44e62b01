package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a sweep stops losing trials early. */
public enum PruningAlgorithm {
  /** Asynchronous successive halving (Li et al., MLSys 2020). */
  @JsonProperty(PruningAlgorithm.ASHA_NAME)
  ASHA,
  /** The median stopping rule (Golovin et al., Google Vizier, KDD 2017). */
  @JsonProperty("median")
  MEDIAN,
  /** Every trial trains until its own early stopping ends it. */
  @JsonProperty("none")
  NONE;

  /** Wire name of {@link #ASHA}, a constant so the schema's default can name it. */
  public static final String ASHA_NAME = "asha";
}
