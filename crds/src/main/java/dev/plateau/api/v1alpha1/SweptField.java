package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The TrainingRun fields a sweep may vary, by their dotted path in the spec. */
public enum SweptField {
  @JsonProperty("training.learningRate")
  LEARNING_RATE("training.learningRate"),
  @JsonProperty("training.batchSize")
  BATCH_SIZE("training.batchSize"),
  @JsonProperty("training.weightDecay")
  WEIGHT_DECAY("training.weightDecay"),
  @JsonProperty("training.optimizer")
  OPTIMIZER("training.optimizer"),
  @JsonProperty("training.momentum")
  MOMENTUM("training.momentum"),
  @JsonProperty("model.hiddenLayers")
  HIDDEN_LAYERS("model.hiddenLayers"),
  @JsonProperty("model.dropout")
  DROPOUT("model.dropout");

  private final String path;

  SweptField(String path) {
    this.path = path;
  }

  /** The dotted path, e.g. {@code training.learningRate}. */
  public String path() {
    return path;
  }

  @Override
  public String toString() {
    return path;
  }
}
