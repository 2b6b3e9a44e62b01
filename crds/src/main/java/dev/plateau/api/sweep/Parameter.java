package dev.plateau.api.sweep;

import java.util.List;
import java.util.Set;

/**
 * One field of the trial template a sweep varies, with exactly one of: a range of numbers, a list
 * of numbers, a list of strings, or a list of layer lists.
 *
 * @param name the template field, e.g. {@code training.learningRate}
 * @param range numbers between min and max (random search only)
 * @param values numbers to pick from
 * @param choices strings to pick from
 * @param layerLists {@code model.hiddenLayers} candidates
 */
public record Parameter(
    String name,
    Range range,
    List<Double> values,
    List<String> choices,
    List<List<Integer>> layerLists) {

  /** The fields a sweep may vary, by the kind of value each takes. */
  public static final Set<String> NUMBERS =
      Set.of(
          "training.learningRate",
          "training.batchSize",
          "training.weightDecay",
          "training.momentum",
          "model.dropout");

  public static final Set<String> STRINGS = Set.of("training.optimizer");
  public static final Set<String> LAYER_LISTS = Set.of("model.hiddenLayers");

  /** Fields that take whole numbers. */
  public static final Set<String> INTEGERS = Set.of("training.batchSize");

  /**
   * Numbers from {@code min} to {@code max}; {@code log}: uniform in log space (learning rates).
   */
  public record Range(double min, double max, Scale scale) {

    public enum Scale {
      LINEAR,
      LOG
    }
  }

  public Parameter {
    int kinds =
        (range == null ? 0 : 1)
            + (values == null ? 0 : 1)
            + (choices == null ? 0 : 1)
            + (layerLists == null ? 0 : 1);
    if (kinds != 1) {
      throw new IllegalArgumentException(
          name + ": give exactly one of range, values, choices, layerLists");
    }
    boolean fits =
        (range != null || values != null)
            ? NUMBERS.contains(name)
            : choices != null ? STRINGS.contains(name) : LAYER_LISTS.contains(name);
    if (!fits) {
      throw new IllegalArgumentException(
          name
              + " cannot take "
              + (range != null
                  ? "a range"
                  : values != null ? "values" : choices != null ? "choices" : "layerLists")
              + ": numbers go to "
              + NUMBERS
              + ", choices to "
              + STRINGS
              + ", layerLists to "
              + LAYER_LISTS);
    }
    if (range != null
        && (range.max() < range.min() || (range.scale() == Range.Scale.LOG && range.min() <= 0))) {
      throw new IllegalArgumentException(
          name + ": range needs min <= max, and min > 0 on a log scale");
    }
    if (INTEGERS.contains(name) && range != null) {
      throw new IllegalArgumentException(name + " takes whole numbers: give values, not a range");
    }
    values = values == null ? null : List.copyOf(values);
    choices = choices == null ? null : List.copyOf(choices);
    layerLists = layerLists == null ? null : layerLists.stream().map(List::copyOf).toList();
  }

  static Parameter range(String name, double min, double max, Range.Scale scale) {
    return new Parameter(name, new Range(min, max, scale), null, null, null);
  }

  static Parameter values(String name, Double... values) {
    return new Parameter(name, null, List.of(values), null, null);
  }

  static Parameter choices(String name, String... choices) {
    return new Parameter(name, null, null, List.of(choices), null);
  }

  @SafeVarargs
  static Parameter layerLists(String name, List<Integer>... lists) {
    return new Parameter(name, null, null, null, List.of(lists));
  }

  /** The values to check a parameter by: each list entry, or a range's two ends. */
  List<Object> probes() {
    if (range != null) {
      return List.of(number(range.min()), number(range.max()));
    }
    List<Object> all = new java.util.ArrayList<>();
    for (int i = 0; i < size(); i++) {
      all.add(pick(i));
    }
    return all;
  }

  /** The field of the sweep's parameter that holds the values: values, choices or layerLists. */
  String kind() {
    return values != null ? "values" : choices != null ? "choices" : "layerLists";
  }

  /** How many values a list parameter offers; a range offers unboundedly many. */
  int size() {
    return values != null
        ? values.size()
        : choices != null ? choices.size() : layerLists != null ? layerLists.size() : -1;
  }

  /** The {@code i}-th value of a list parameter, as the template's field takes it. */
  Object pick(int i) {
    if (values != null) {
      return number(values.get(i));
    }
    return choices != null ? choices.get(i) : layerLists.get(i);
  }

  /** A number as the field takes it: whole for batchSize. */
  Object number(double value) {
    return INTEGERS.contains(name) ? (Object) Math.round(value) : (Object) value;
  }
}
