package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A search over a TrainingRun template's settings, trial by trial, pruning the losers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.algorithm != 'grid' || self.parameters.all(p, !has(p.range))",
    fieldPath = ".algorithm",
    message =
        "grid search takes values, choices or layerLists only: list the numbers to try, or use"
            + " algorithm: random with a range")
@ValidationRule(
    value = "self.parameters.all(p, self.parameters.exists_one(q, q.name == p.name))",
    fieldPath = ".parameters",
    message = "each parameter name may appear once")
@ValidationRule(
    value =
        "!self.parameters.exists(p, p.name == 'model.hiddenLayers' || p.name == 'model.dropout')"
            + " || (has(self.template.model.architecture) && (self.template.model.architecture =="
            + " 'mlp' || (self.template.model.architecture == 'cnn' &&"
            + " !self.parameters.exists(p, p.name == 'model.hiddenLayers'))))",
    fieldPath = ".parameters",
    message =
        "model.hiddenLayers can vary only for architecture: mlp, model.dropout only for mlp or"
            + " cnn")
@ValidationRule(
    value =
        "!has(self.maxTrials) || !has(self.template.training) ||"
            + " !has(self.template.training.maxEpochs) || self.maxTrials *"
            + " self.template.training.maxEpochs <= "
            + TrainingSweepSpec.MAX_CURVE_POINTS,
    fieldPath = ".maxTrials",
    message =
        "maxTrials x template.training.maxEpochs must be at most "
            + TrainingSweepSpec.MAX_CURVE_POINTS
            + ": the sweep's status keeps every trial's curve (e.g. 200 trials of 200 epochs, or"
            + " 50 of 800)")
@ValidationRule(
    value =
        "!self.parameters.exists(p, p.name == 'training.momentum') ||"
            + " (has(self.template.training) && has(self.template.training.optimizer) &&"
            + " self.template.training.optimizer == 'sgd') || self.parameters.exists(p, p.name =="
            + " 'training.optimizer' && has(p.choices) && p.choices.exists(c, c == 'sgd'))",
    fieldPath = ".parameters",
    message =
        "training.momentum varies only trials whose optimizer is sgd, and no trial's is: set"
            + " template.training.optimizer: sgd, or vary training.optimizer with choices that"
            + " include sgd")
public class TrainingSweepSpec {

  /**
   * Most curve points a sweep's status may hold (maxTrials x maxEpochs): about 800 KB at 20
   * characters a value, under the 1.5 MiB an object may have in etcd.
   */
  public static final int MAX_CURVE_POINTS = 40_000;

  static final String IMMUTABLE = "self == oldSelf";

  public static final int DEFAULT_MAX_TRIALS = 16;
  public static final int DEFAULT_PARALLELISM = 4;
  public static final long DEFAULT_SEED = 0L;

  /** Most trials a sweep may have: its status keeps every trial's learning curve. */
  public static final int MAX_TRIALS = 200;

  @Required
  @ValidationRule(
      value = IMMUTABLE,
      message = "template is immutable: create a new TrainingSweep to search another setting")
  @JsonPropertyDescription(
      "The TrainingRun spec every trial starts from; the parameters replace some of its fields."
          + " Each trial keeps the template's own early stopping.")
  private TrainingRunSpec template;

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(value = IMMUTABLE, message = "parameters are immutable")
  @JsonPropertyDescription("The template fields each trial varies, and the values they take.")
  private List<SweepParameter> parameters;

  @Default(SweepAlgorithm.RANDOM_NAME)
  @ValidationRule(value = IMMUTABLE, message = "algorithm is immutable")
  @JsonPropertyDescription(
      "random (each trial draws its values from seed and its number) or grid (the product of"
          + " the lists, at most maxTrials of it). Default random.")
  private SweepAlgorithm algorithm;

  @Default("" + DEFAULT_SEED)
  @Min(0)
  @ValidationRule(value = IMMUTABLE, message = "seed is immutable")
  @JsonPropertyDescription(
      "Seed of random search: the same seed gives every trial the same values. Default 0.")
  private Long seed;

  @Default("" + DEFAULT_MAX_TRIALS)
  @Min(1)
  @Max(MAX_TRIALS)
  @JsonPropertyDescription(
      "Trials to run in all, at most 200 (fewer for a smaller grid). May be raised while the"
          + " sweep runs."
          + " Default "
          + DEFAULT_MAX_TRIALS
          + ".")
  private Integer maxTrials;

  @Default("" + DEFAULT_PARALLELISM)
  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Trials running at once; a new one starts when one ends. May be changed while the sweep"
          + " runs. Default "
          + DEFAULT_PARALLELISM
          + ".")
  private Integer parallelism;

  @Default("{}")
  @ValidationRule(value = IMMUTABLE, message = "objective is immutable")
  @JsonPropertyDescription(
      "The metric trials are ranked and pruned on. Default: the template's early-stopping"
          + " monitor and mode.")
  private SweepObjective objective;

  @Default("{}")
  @ValidationRule(value = IMMUTABLE, message = "pruning is immutable")
  @JsonPropertyDescription("How losing trials are stopped early. Default: asha, gracePeriod 1.")
  private PruningSpec pruning;

  public int maxTrialsOrDefault() {
    return maxTrials == null ? DEFAULT_MAX_TRIALS : maxTrials;
  }

  public int parallelismOrDefault() {
    return parallelism == null ? DEFAULT_PARALLELISM : parallelism;
  }

  public long seedOrDefault() {
    return seed == null ? DEFAULT_SEED : seed;
  }

  public SweepAlgorithm algorithmOrDefault() {
    return algorithm == null ? SweepAlgorithm.RANDOM : algorithm;
  }

  public PruningSpec pruningOrDefault() {
    return pruning == null ? new PruningSpec() : pruning;
  }

  /** The monitor trials are ranked on: the objective's, else the template's. */
  public Monitor objectiveMonitor() {
    if (objective != null && objective.getMonitor() != null) {
      return objective.getMonitor();
    }
    return template.getEarlyStopping() == null
        ? Monitor.VAL_LOSS
        : template.getEarlyStopping().monitorOrDefault();
  }

  /**
   * Whether smaller or larger is better: the objective's mode, else the template's early-stopping
   * mode when it watches the same monitor, else the monitor's natural mode.
   */
  public Mode objectiveMode() {
    if (objective != null && objective.getMode() != null) {
      return objective.getMode();
    }
    Monitor monitor = objectiveMonitor();
    EarlyStoppingSpec es = template.getEarlyStopping();
    if (es != null && es.monitorOrDefault() == monitor && es.getMode() != null) {
      return es.getMode();
    }
    return monitor.naturalMode();
  }

  public TrainingRunSpec getTemplate() {
    return template;
  }

  public void setTemplate(TrainingRunSpec template) {
    this.template = template;
  }

  public List<SweepParameter> getParameters() {
    return parameters;
  }

  public void setParameters(List<SweepParameter> parameters) {
    this.parameters = parameters;
  }

  public SweepAlgorithm getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(SweepAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  public Integer getMaxTrials() {
    return maxTrials;
  }

  public void setMaxTrials(Integer maxTrials) {
    this.maxTrials = maxTrials;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public SweepObjective getObjective() {
    return objective;
  }

  public void setObjective(SweepObjective objective) {
    this.objective = objective;
  }

  public PruningSpec getPruning() {
    return pruning;
  }

  public void setPruning(PruningSpec pruning) {
    this.pruning = pruning;
  }
}
