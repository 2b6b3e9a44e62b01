package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a smaller or a larger monitored value is better. */
public enum Mode {
  @JsonProperty("min")
  MIN,
  @JsonProperty("max")
  MAX;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
