package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who applies a run's early-stopping rule. */
public enum EnforcedBy {
  /** The trainer applies it (Plateau's trainer, or a custom one that implements it). */
  @JsonProperty(EnforcedBy.TRAINER_NAME)
  TRAINER,
  /**
   * The operator applies it to the epochs the trainer reports, and stops the trainer with a stop
   * request when patience runs out: for trainers that only report progress.
   */
  @JsonProperty("operator")
  OPERATOR;

  /** Wire name of {@link #TRAINER}, a constant so the schema's default can name it. */
  public static final String TRAINER_NAME = "trainer";
}
