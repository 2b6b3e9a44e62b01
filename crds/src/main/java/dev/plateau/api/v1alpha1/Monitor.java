package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The metric early stopping watches. */
public enum Monitor {
  @JsonProperty(Monitor.VAL_LOSS_NAME)
  VAL_LOSS(Monitor.VAL_LOSS_NAME, Mode.MIN),
  @JsonProperty("val_accuracy")
  VAL_ACCURACY("val_accuracy", Mode.MAX),
  @JsonProperty("train_loss")
  TRAIN_LOSS("train_loss", Mode.MIN);

  /** Wire name of {@link #VAL_LOSS}, a constant so the schema's default can name it. */
  public static final String VAL_LOSS_NAME = "val_loss";

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

  /**
   * The monitored value in an epoch's record: its validation loss, validation accuracy or training
   * loss; null where the record has none (a value that was not finite is written as null).
   */
  public Double valueIn(EpochRecord record) {
    return switch (this) {
      case VAL_LOSS -> record.getValLoss();
      case VAL_ACCURACY -> record.getValAccuracy();
      case TRAIN_LOSS -> record.getTrainLoss();
    };
  }

  @Override
  public String toString() {
    return wireName;
  }
}
