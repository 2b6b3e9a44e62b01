package dev.plateau.api.validation;

/**
 * One reason a manifest is invalid, worded as the API server words it.
 *
 * @param field the path of the offending field, e.g. {@code spec.training.maxEpochs}
 * @param message what is wrong and, where it helps, what to do
 */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
