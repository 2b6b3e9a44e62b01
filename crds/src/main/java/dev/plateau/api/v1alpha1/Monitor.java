package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The metric early stopping watches. */
public enum Monitor {
  @JsonProperty("val_loss")
  VAL_LOSS("val_loss", Mode.MIN),
  @JsonProperty("val_accuracy")
  VAL_ACCURACY("val_accuracy", Mode.MAX),
  @JsonProperty("train_loss")
  TRAIN_LOSS("train_loss", Mode.MIN);

  private final String wireName;
  private final Mode naturalMode;

  Monitor(String wireName, Mode naturalMode) {
    this.wireName = wireName;
    this.naturalMode = naturalMode;
  }

  /** The name used in manifests, status and logs, e.g. {@code val_loss}. */
  public String wireName() {
    return wireName;
  }

  /** Losses are minimised, accuracies maximised. */
  public Mode naturalMode() {
    return naturalMode;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
