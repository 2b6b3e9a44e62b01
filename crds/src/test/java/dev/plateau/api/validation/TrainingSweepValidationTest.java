package dev.plateau.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.sweep.SweepPlan;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.PruningAlgorithm;
import dev.plateau.api.v1alpha1.TrainingSweep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TrainingSweep CRD's schema and CEL rules against sweeps a user could write, with the message
 * each invalid one gets; and the defaults a sweep gets.
 */
class TrainingSweepValidationTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CrdValidator VALIDATOR = CrdValidator.trainingSweeps();
  static final Path EXAMPLE = Path.of("..", "examples", "fashion-mnist-sweep.yaml");

  static ObjectNode example() {
    try {
      return (ObjectNode) YAML.readTree(Files.readString(EXAMPLE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SafeVarargs
  static ObjectNode sweep(Consumer<ObjectNode>... edits) {
    ObjectNode m = example();
    for (Consumer<ObjectNode> edit : edits) {
      edit.accept(m);
    }
    return m;
  }

  static Consumer<ObjectNode> set(String path, String yaml) {
    return TrainingRunValidationTest.set(path, yaml);
  }

  static Consumer<ObjectNode> parameters(String yaml) {
    return set("spec.parameters", yaml);
  }

  @Test
  void theExampleAndTheBenchmarkSweepAreValid() throws IOException {
    assertThat(VALIDATOR.validateCreate(example())).isEmpty();
    JsonNode bench =
        YAML.readTree(
            Files.readString(Path.of("..", "bench", "sweep", "fashion-mnist-sweep.yaml")));
    assertThat(VALIDATOR.validateCreate(bench)).isEmpty();
  }

  @Test
  void defaultsFillWhatTheSweepLeavesOut() {
    ObjectNode minimal =
        sweep(
            set("spec.algorithm", null),
            set("spec.seed", null),
            set("spec.maxTrials", null),
            set("spec.parallelism", null),
            set("spec.objective", null),
            set("spec.pruning", null));
    assertThat(VALIDATOR.validateCreate(minimal)).isEmpty();
    TrainingSweep s =
        ContractJson.mapper().convertValue(VALIDATOR.withDefaults(minimal), TrainingSweep.class);
    assertThat(s.getSpec().getMaxTrials()).isEqualTo(16);
    assertThat(s.getSpec().getParallelism()).isEqualTo(4);
    assertThat(s.getSpec().getSeed()).isZero();
    assertThat(s.getSpec().getPruning().getAlgorithm()).isEqualTo(PruningAlgorithm.ASHA);
    assertThat(s.getSpec().getPruning().getGracePeriod()).isEqualTo(1);
    assertThat(s.getSpec().getPruning().getReductionFactor()).isEqualTo(3);
    assertThat(s.getSpec().objectiveMonitor()).isEqualTo(Monitor.VAL_LOSS);
    assertThat(s.getSpec().objectiveMode()).isEqualTo(Mode.MIN);
  }

  @Test
  void theObjectiveDefaultsToTheTemplatesEarlyStoppingAndElseToTheMonitorsDirection() {
    TrainingSweep accuracy =
        convert(
            sweep(
                set("spec.objective", null),
                set("spec.template.earlyStopping.monitor", "val_accuracy")));
    assertThat(accuracy.getSpec().objectiveMonitor()).isEqualTo(Monitor.VAL_ACCURACY);
    assertThat(accuracy.getSpec().objectiveMode()).isEqualTo(Mode.MAX);
    TrainingSweep other = convert(sweep(set("spec.objective", "{monitor: val_accuracy}")));
    assertThat(other.getSpec().objectiveMode()).isEqualTo(Mode.MAX);
  }

  static TrainingSweep convert(ObjectNode manifest) {
    assertThat(VALIDATOR.validateCreate(manifest)).isEmpty();
    return ContractJson.mapper()
        .convertValue(VALIDATOR.withDefaults(manifest), TrainingSweep.class);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "a name too long for its trials",
            sweep(set("metadata.name", "s".repeat(60))),
            "metadata.name: Invalid value: \"object\": metadata.name must be at most 59"
                + " characters: trials are named <sweep>-<number> and must stay DNS labels"),
        Arguments.of(
            "no parameters",
            sweep(parameters("[]")),
            "spec.parameters: Invalid value: \"array\": spec.parameters in body should have at least 1"
                + " items"),
        Arguments.of(
            "a field that cannot vary",
            sweep(parameters("[{name: training.epochs, values: [10, 20]}]")),
            "spec.parameters[0].name: Unsupported value: \"training.epochs\": supported values:"
                + " \"model.dropout\", \"model.hiddenLayers\", \"training.batchSize\","
                + " \"training.learningRate\", \"training.momentum\", \"training.optimizer\","
                + " \"training.weightDecay\""),
        Arguments.of(
            "momentum swept where no trial uses sgd",
            sweep(parameters("[{name: training.momentum, values: [0.5, 0.9]}]")),
            "spec.parameters: Invalid value: \"object\": training.momentum varies only trials"
                + " whose optimizer is sgd, and no trial's is: set template.training.optimizer:"
                + " sgd, or vary training.optimizer with choices that include sgd"),
        Arguments.of(
            "two kinds of values",
            sweep(
                parameters(
                    "[{name: training.learningRate, values: [0.1],"
                        + " range: {min: 0.001, max: 0.1}}]")),
            "spec.parameters[0]: Invalid value: \"object\": a parameter needs exactly one of"
                + " range, values, choices or layerLists"),
        Arguments.of(
            "no values",
            sweep(parameters("[{name: training.learningRate}]")),
            "spec.parameters[0]: Invalid value: \"object\": a parameter needs exactly one of"
                + " range, values, choices or layerLists"),
        Arguments.of(
            "strings for a number",
            sweep(parameters("[{name: training.learningRate, choices: [fast, slow]}]")),
            "spec.parameters[0].name: Invalid value: \"object\": choices (strings) vary"
                + " training.optimizer only; numbers take range or values"),
        Arguments.of(
            "numbers for the optimizer",
            sweep(parameters("[{name: training.optimizer, values: [1, 2]}]")),
            "spec.parameters[0].name: Invalid value: \"object\": range and values are numbers:"
                + " they vary training.learningRate, training.batchSize, training.weightDecay,"
                + " training.momentum or model.dropout; use choices for training.optimizer and"
                + " layerLists for model.hiddenLayers"),
        Arguments.of(
            "an unknown optimizer",
            sweep(parameters("[{name: training.optimizer, choices: [adam, rmsprop]}]")),
            "spec.parameters[0].choices: Invalid value: \"object\": training.optimizer choices"
                + " must be adam or sgd"),
        Arguments.of(
            "layer lists for dropout",
            sweep(parameters("[{name: model.dropout, layerLists: [[1]]}]")),
            "spec.parameters[0].name: Invalid value: \"object\": layerLists vary"
                + " model.hiddenLayers only"),
        Arguments.of(
            "a range of batch sizes",
            sweep(parameters("[{name: training.batchSize, range: {min: 32, max: 256}}]")),
            "spec.parameters[0].range: Invalid value: \"object\": training.batchSize takes whole"
                + " numbers: give values (e.g. [64, 128, 256]), not a range"),
        Arguments.of(
            "a fractional batch size",
            sweep(parameters("[{name: training.batchSize, values: [64, 96.5]}]")),
            "spec.parameters[0].values: Invalid value: \"object\": training.batchSize values must"
                + " be whole numbers from 1 to 65536"),
        Arguments.of(
            "a log range from 0",
            sweep(
                parameters(
                    "[{name: training.learningRate, range: {min: 0, max: 0.1, scale: log}}]")),
            "spec.parameters[0].range.min: Invalid value: \"object\": a log-scale range needs"
                + " min > 0 (e.g. 0.0001 for a learning rate)"),
        Arguments.of(
            "a range upside down",
            sweep(parameters("[{name: model.dropout, range: {min: 0.5, max: 0.1}}]")),
            "spec.parameters[0].range.max: Invalid value: \"object\": range.max must not be"
                + " below range.min"),
        Arguments.of(
            "the same field twice",
            sweep(
                parameters(
                    "[{name: model.dropout, values: [0.1]}, {name: model.dropout, values:"
                        + " [0.2]}]")),
            "spec.parameters: Invalid value: \"object\": each parameter name may appear once"),
        Arguments.of(
            "a range in a grid",
            sweep(set("spec.algorithm", "grid")),
            "spec.algorithm: Invalid value: \"object\": grid search takes values, choices or"
                + " layerLists only: list the numbers to try, or use algorithm: random with a"
                + " range"),
        Arguments.of(
            "hidden layers of a cnn",
            sweep(set("spec.template.model", "{architecture: cnn}")),
            "spec.parameters: Invalid value: \"object\": model.hiddenLayers can vary only for"
                + " architecture: mlp, model.dropout only for mlp or cnn"),
        Arguments.of(
            "too many trials",
            sweep(set("spec.maxTrials", "201")),
            "spec.maxTrials: Invalid value: 201: spec.maxTrials in body should be less than or"
                + " equal to 200"),
        Arguments.of(
            "more curve points than the status can hold",
            sweep(set("spec.maxTrials", "200"), set("spec.template.training.maxEpochs", "201")),
            "spec.maxTrials: Invalid value: \"object\": maxTrials x template.training.maxEpochs"
                + " must be at most 40000: the sweep's status keeps every trial's curve (e.g. 200"
                + " trials of 200 epochs, or 50 of 800)"),
        Arguments.of(
            "a reduction factor of 1",
            sweep(set("spec.pruning.reductionFactor", "1")),
            "spec.pruning.reductionFactor: Invalid value: 1: spec.pruning.reductionFactor in body"
                + " should be greater than or equal to 2"),
        Arguments.of(
            "an unknown pruner",
            sweep(set("spec.pruning.algorithm", "hyperband")),
            "spec.pruning.algorithm: Unsupported value: \"hyperband\": supported values: \"asha\","
                + " \"median\", \"none\""),
        Arguments.of(
            "an objective that contradicts its monitor",
            sweep(set("spec.objective", "{monitor: val_loss, mode: max}")),
            "spec.objective.mode: Invalid value: \"object\": objective.mode contradicts"
                + " objective.monitor: losses are minimised (min), accuracy maximised (max);"
                + " leave mode out"),
        Arguments.of(
            "an invalid template",
            sweep(set("spec.template.training.learningRate", "0")),
            "spec.template.training.learningRate: Invalid value: 0:"
                + " spec.template.training.learningRate in body should be greater than 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void isRejectedWithAMessageThatSaysWhatToFix(String why, ObjectNode manifest, String message) {
    assertThat(VALIDATOR.validateCreate(manifest))
        .extracting(Violation::toString)
        .contains(message);
  }

  @Test
  void theTemplateAndTheSearchAreImmutableButTheBudgetIsNot() {
    ObjectNode before = example();
    assertThat(
            VALIDATOR.validateUpdate(
                before, sweep(set("spec.maxTrials", "32"), set("spec.parallelism", "8"))))
        .isEmpty();
    assertThat(VALIDATOR.validateUpdate(before, sweep(set("spec.seed", "8"))))
        .extracting(Violation::toString)
        .containsExactly("spec.seed: Invalid value: 8: seed is immutable");
    assertThat(
            VALIDATOR.validateUpdate(before, sweep(set("spec.template.training.maxEpochs", "5"))))
        .extracting(Violation::toString)
        .anyMatch(
            m -> m.startsWith("spec.template: Invalid value: \"object\": template is immutable"));
  }

  @Test
  void valuesTheSchemaCannotSeeAreFoundBeforeAnyRunsEvenIfNoTrialDrawsThem() {
    // A dropout of 0.95 is a number like any other to the sweep's schema; the trial's TrainingRun
    // schema refuses it. With one trial, no trial draws it: it is found all the same.
    TrainingSweep s =
        convert(
            sweep(
                set("spec.maxTrials", "1"),
                parameters("[{name: model.dropout, values: [0.1, 0.95]}]")));
    List<String> problems = SweepPlan.of(s.getSpec()).trialProblems("fashion-sweep", 5);
    assertThat(problems)
        .containsExactly(
            "spec.parameters[0].values: 0.95 makes an invalid TrainingRun: spec.model.dropout: is"
                + " 0.95; it should be less than or equal to 0.9");
    TrainingSweep range =
        convert(sweep(parameters("[{name: training.weightDecay, range: {min: 0.0, max: 2.0}}]")));
    assertThat(SweepPlan.of(range.getSpec()).trialProblems("fashion-sweep", 5))
        .first()
        .asString()
        .startsWith("spec.parameters[0].range: 2 makes an invalid TrainingRun:");
  }

  @Test
  void theTemplatesMomentumIsLeftOutOfAdamTrialsWhenTheOptimizerIsSwept() {
    TrainingSweep s =
        convert(
            sweep(
                set("spec.template.training.optimizer", "sgd"),
                set("spec.template.training.momentum", "0.9"),
                parameters("[{name: training.optimizer, choices: [adam, sgd]}]"),
                set("spec.algorithm", "grid")));
    SweepPlan plan = SweepPlan.of(s.getSpec());
    assertThat(plan.trialProblems("fashion-sweep", 5)).isEmpty();
    assertThat(plan.trialSpec(0).getTraining().getMomentum()).as("adam").isNull();
    assertThat(plan.trialSpec(1).getTraining().getMomentum()).as("sgd").isEqualTo(0.9);
  }
}
