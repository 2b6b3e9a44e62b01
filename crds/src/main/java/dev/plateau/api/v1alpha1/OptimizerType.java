package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimizers the trainer supports. */
public enum OptimizerType {
  @JsonProperty("adam")
  ADAM,
  /** Stochastic gradient descent with momentum. */
  @JsonProperty("sgd")
  SGD
}
