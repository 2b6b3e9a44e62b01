package dev.plateau.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.v1alpha1.OptimizerType;
import dev.plateau.api.v1alpha1.TrainingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trials of a sweep: which values each trial's template fields take, and the trial's spec.
 * Random search draws every trial's values from the sweep's seed and the trial's number alone, so
 * trial 7 is the same whether it is made first or after a restart; a value drawn from a range keeps
 * four significant digits. Grid search walks the product of the lists, the last parameter fastest.
 */
public final class SearchSpace {

  /** How trials are chosen. */
  public enum Algorithm {
    RANDOM,
    GRID
  }

  private static final String MOMENTUM = "training.momentum";
  private static final String OPTIMIZER = "training.optimizer";

  private SearchSpace() {}

  /**
   * The values of trial {@code n} (0-based), by parameter name in the sweep's order.
   *
   * @throws IllegalArgumentException for a range in a grid, or a grid with fewer than n+1 points
   */
  public static Map<String, Object> trial(
      List<Parameter> parameters, Algorithm algorithm, long seed, int n) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (algorithm == Algorithm.RANDOM) {
      // One stream per trial: skip to trial n deterministically.
      SplittableRandom trial = new SplittableRandom(mix(seed, n));
      for (Parameter p : parameters) {
        values.put(p.name(), draw(p, trial));
      }
      return values;
    }
    long points = gridSize(parameters);
    if (n >= points) {
      throw new IllegalArgumentException("the grid has " + points + " points, no trial " + n);
    }
    long rest = n;
    List<Object> picks = new ArrayList<>();
    for (int i = parameters.size() - 1; i >= 0; i--) {
      Parameter p = parameters.get(i);
      picks.add(0, p.pick((int) (rest % p.size())));
      rest /= p.size();
    }
    for (int i = 0; i < parameters.size(); i++) {
      values.put(parameters.get(i).name(), picks.get(i));
    }
    return values;
  }

  /** Points of the grid: the product of the list sizes. */
  public static long gridSize(List<Parameter> parameters) {
    long points = 1;
    for (Parameter p : parameters) {
      if (p.size() < 0) {
        throw new IllegalArgumentException(
            p.name() + " is a range: grid search takes values, choices or layerLists only");
      }
      points *= p.size();
    }
    return points;
  }

  /**
   * The trial's spec: the template with the trial's values set at their fields (a copy; the
   * template is not changed). Momentum (swept, or the template's when the optimizer is swept) is
   * left out of a trial whose optimizer is not sgd: momentum means nothing to adam, and the schema
   * refuses it there (a conditional parameter, as in Optuna's define-by-run spaces).
   */
  public static JsonNode apply(JsonNode templateSpec, Map<String, Object> values) {
    ObjectNode spec = templateSpec.deepCopy();
    for (Map.Entry<String, Object> value : values.entrySet()) {
      String[] path = value.getKey().split("\\.");
      ObjectNode parent = spec;
      for (int i = 0; i < path.length - 1; i++) {
        parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
      }
      String field = path[path.length - 1];
      Object v = value.getValue();
      if (v instanceof Long l) {
        parent.put(field, l);
      } else if (v instanceof Double d) {
        parent.put(field, d);
      } else if (v instanceof String s) {
        parent.put(field, s);
      } else if (v instanceof List<?> layers) {
        ArrayNode array = parent.putArray(field);
        layers.forEach(layer -> array.add((Integer) layer));
      }
    }
    JsonNode named = spec.path("training").path("optimizer");
    OptimizerType optimizer =
        named.isMissingNode() || named.isNull()
            ? TrainingSpec.DEFAULT_OPTIMIZER
            : ContractJson.mapper().convertValue(named, OptimizerType.class);
    if ((values.containsKey(MOMENTUM) || values.containsKey(OPTIMIZER))
        && optimizer != OptimizerType.SGD
        && spec.path("training").isObject()) {
      // Momentum means nothing to adam: a swept one, or the template's when the optimizer is
      // swept, is left out of the trial (the schema refuses momentum without sgd).
      ((ObjectNode) spec.get("training")).remove("momentum");
    }
    return spec;
  }

  private static Object draw(Parameter p, SplittableRandom random) {
    if (p.range() != null) {
      double u = random.nextDouble();
      Parameter.Range r = p.range();
      double v =
          r.scale() == Parameter.Range.Scale.LOG
              ? Math.exp(Math.log(r.min()) + u * (Math.log(r.max()) - Math.log(r.min())))
              : r.min() + u * (r.max() - r.min());
      // Four significant digits: the trial's manifest and the leaderboard show the value it ran.
      double rounded =
          new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
      return p.number(Math.min(r.max(), Math.max(r.min(), rounded)));
    }
    return p.pick(random.nextInt(p.size()));
  }

  /** A well-mixed seed for trial n of a sweep (SplitMix64's finaliser, as SplittableRandom's). */
  private static long mix(long seed, int n) {
    long z = seed + 0x9E3779B97F4A7C15L * (n + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
