package dev.plateau.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What early stopping remembers between epochs; saved with every checkpoint so a resumed run
 * decides exactly as an uninterrupted one.
 *
 * @param best the best monitored value so far, null before the first finite value
 * @param bestEpoch the epoch of {@code best}, 0 before the first finite value
 * @param counter epochs in a row without improvement
 * @param lastEpoch the last epoch observed, 0 before the first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EarlyStoppingState(Double best, int bestEpoch, int counter, int lastEpoch) {

  public static final EarlyStoppingState INITIAL = new EarlyStoppingState(null, 0, 0, 0);

  public boolean hasBest() {
    return best != null;
  }
}
