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

  /**
   * The same in words for a person at a terminal ({@code plateau run}), without the API server's
   * framing: {@code Invalid value: "object": } before a rule's message, {@code in body should be},
   * {@code Required value}. {@code kubectl apply} shows the API server's own wording.
   */
  public String forPeople() {
    String text = message;
    java.util.regex.Matcher object =
        java.util.regex.Pattern.compile(
                "^Invalid value: \"(object|array)\": (.*)$", java.util.regex.Pattern.DOTALL)
            .matcher(text);
    java.util.regex.Matcher bound =
        java.util.regex.Pattern.compile(
                "^Invalid value: (.*?): \\S+ in body should (.*)$", java.util.regex.Pattern.DOTALL)
            .matcher(text);
    java.util.regex.Matcher value =
        java.util.regex.Pattern.compile(
                "^Invalid value: (.*?): (.*)$", java.util.regex.Pattern.DOTALL)
            .matcher(text);
    if (object.matches()) {
      text = object.group(2);
    } else if (bound.matches()) {
      text = "is " + bound.group(1) + "; it should " + bound.group(2);
    } else if (text.equals("Required value")) {
      text = "is required";
    } else if (value.matches()) {
      text = value.group(2) + " (it is " + value.group(1) + ")";
    }
    return field.isEmpty() ? text : field + ": " + text;
  }
}
