package dev.plateau.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ParameterRange;
import dev.plateau.api.v1alpha1.SweepAlgorithm;
import dev.plateau.api.v1alpha1.SweepParameter;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunSpec;
import dev.plateau.api.v1alpha1.TrainingSweep;
import dev.plateau.api.v1alpha1.TrainingSweepSpec;
import dev.plateau.api.validation.CrdValidator;
import dev.plateau.api.validation.Violation;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep's spec means, shared by the operator and {@code plateau sweep}: how many trials, the
 * values and TrainingRun spec of each, the objective, and the pruner.
 */
public final class SweepPlan {

  private final TrainingSweepSpec spec;
  private final List<Parameter> parameters;
  private final SearchSpace.Algorithm algorithm;

  private SweepPlan(TrainingSweepSpec spec) {
    this.spec = spec;
    this.parameters = spec.getParameters().stream().map(SweepPlan::parameter).toList();
    this.algorithm =
        spec.algorithmOrDefault() == SweepAlgorithm.GRID
            ? SearchSpace.Algorithm.GRID
            : SearchSpace.Algorithm.RANDOM;
    if (algorithm == SearchSpace.Algorithm.GRID) {
      SearchSpace.gridSize(parameters);
    }
  }

  /**
   * The plan of a sweep whose spec passed the schema.
   *
   * @throws IllegalArgumentException for what the schema cannot see (e.g. a range in a grid, when
   *     validated without the CRD)
   */
  public static SweepPlan of(TrainingSweepSpec spec) {
    return new SweepPlan(spec);
  }

  /** Trials in all: maxTrials, or the grid's size when that is smaller. */
  public int trialCount() {
    int max = spec.maxTrialsOrDefault();
    return algorithm == SearchSpace.Algorithm.GRID
        ? (int) Math.min(max, SearchSpace.gridSize(parameters))
        : max;
  }

  /** The values of trial {@code n} (from 0), by field, in the spec's order. */
  public Map<String, Object> values(int n) {
    return SearchSpace.trial(parameters, algorithm, spec.seedOrDefault(), n);
  }

  /**
   * The values of trial {@code n} as text, for the status and the leaderboard: those its spec holds
   * (a swept momentum is left out of a trial whose optimizer is not sgd).
   */
  public Map<String, String> describe(int n) {
    JsonNode spec = trialSpecJson(n);
    Map<String, String> text = new LinkedHashMap<>();
    values(n)
        .forEach(
            (field, value) -> {
              String[] path = field.split("\\.");
              if (spec.path(path[0]).has(path[1])) {
                text.put(field, text(value));
              }
            });
    return text;
  }

  /** Trial {@code n}'s TrainingRun spec: the template with its values set. */
  public TrainingRunSpec trialSpec(int n) {
    return ContractJson.mapper().convertValue(trialSpecJson(n), TrainingRunSpec.class);
  }

  /** Trial {@code n}'s TrainingRun spec as JSON, e.g. to validate it against the run's schema. */
  public JsonNode trialSpecJson(int n) {
    JsonNode template = ContractJson.mapper().valueToTree(spec.getTemplate());
    return SearchSpace.apply(template, values(n));
  }

  /**
   * What makes trials invalid TrainingRuns (a value the template cannot take, e.g. momentum with
   * adam, a learning rate of 0), one line per trial, at most {@code limit} lines; empty when every
   * trial is valid.
   */
  public List<String> trialProblems(String sweep, int limit) {
    List<String> problems = new java.util.ArrayList<>(valueProblems(sweep));
    for (int n = 0; n < trialCount() && problems.size() < limit; n++) {
      com.fasterxml.jackson.databind.node.ObjectNode run = ContractJson.mapper().createObjectNode();
      run.put("apiVersion", TrainingRun.GROUP + "/" + TrainingRun.VERSION);
      run.put("kind", TrainingRun.KIND);
      run.putObject("metadata").put("name", TrainingSweep.trialName(sweep, n));
      run.set("spec", trialSpecJson(n));
      List<Violation> violations = CrdValidator.trainingRuns().validateCreate(run);
      if (!violations.isEmpty()) {
        problems.add(
            "trial "
                + n
                + " "
                + describe(n)
                + ": "
                + violations.stream()
                    .map(Violation::forPeople)
                    .collect(java.util.stream.Collectors.joining("; ")));
      }
    }
    return problems;
  }

  /**
   * Each value a parameter offers (each list entry, a range's two ends), set alone in the template
   * and checked against the TrainingRun schema: a value no trial has drawn yet (a small maxTrials,
   * or one raised later) is found too, and named by its place in the sweep.
   */
  private List<String> valueProblems(String sweep) {
    List<String> problems = new java.util.ArrayList<>();
    List<SweepParameter> declared = spec.getParameters();
    JsonNode template = ContractJson.mapper().valueToTree(spec.getTemplate());
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      SweepParameter d = declared.get(i);
      String where = "spec.parameters[" + i + "]." + (d.getRange() != null ? "range" : p.kind());
      for (Object value : p.probes()) {
        ObjectNode run =
            runManifest(sweep + "-probe", SearchSpace.apply(template, Map.of(p.name(), value)));
        List<Violation> violations = CrdValidator.trainingRuns().validateCreate(run);
        if (!violations.isEmpty()) {
          problems.add(
              where
                  + ": "
                  + text(value)
                  + " makes an invalid TrainingRun: "
                  + violations.stream()
                      .map(Violation::forPeople)
                      .collect(java.util.stream.Collectors.joining("; ")));
        }
      }
    }
    return problems;
  }

  private static ObjectNode runManifest(String name, JsonNode spec) {
    ObjectNode run = ContractJson.mapper().createObjectNode();
    run.put("apiVersion", TrainingRun.GROUP + "/" + TrainingRun.VERSION);
    run.put("kind", TrainingRun.KIND);
    run.putObject("metadata").put("name", name);
    run.set("spec", spec);
    return run;
  }

  public Monitor monitor() {
    return spec.objectiveMonitor();
  }

  public Mode mode() {
    return spec.objectiveMode();
  }

  /** The pruner of the spec, with rungs below the template's maxEpochs. */
  public Pruner pruner() {
    return Pruner.of(
        spec.pruningOrDefault(), mode(), spec.getTemplate().getTraining().maxEpochsOrDefault());
  }

  public int parallelism() {
    return spec.parallelismOrDefault();
  }

  private static String text(Object value) {
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private static Parameter parameter(SweepParameter p) {
    ParameterRange r = p.getRange();
    return new Parameter(
        p.getName().path(),
        r == null
            ? null
            : new Parameter.Range(
                r.getMin(),
                r.getMax(),
                r.scaleOrDefault() == ParameterRange.Scale.LOG
                    ? Parameter.Range.Scale.LOG
                    : Parameter.Range.Scale.LINEAR),
        p.getValues(),
        p.getChoices(),
        p.getLayerLists());
  }
}
