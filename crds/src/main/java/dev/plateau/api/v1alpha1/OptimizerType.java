package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimizers the trainer supports. */
public enum OptimizerType {
  @JsonProperty(OptimizerType.ADAM_NAME)
  ADAM,
  /** Stochastic gradient descent with momentum. */
  @JsonProperty("sgd")
  SGD;

  /** Wire name of {@link #ADAM}, a constant so the schema's default can name it. */
  public static final String ADAM_NAME = "adam";
}
