package dev.plateau.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plateau.api.sweep.Parameter.Range.Scale;
import dev.plateau.api.sweep.SearchSpace.Algorithm;
import dev.plateau.api.validation.CrdValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

  static final List<Parameter> SPACE =
      List.of(
          Parameter.range("training.learningRate", 0.0001, 0.1, Scale.LOG),
          Parameter.values("training.batchSize", 64.0, 128.0, 256.0),
          Parameter.range("training.weightDecay", 0.0, 0.001, Scale.LINEAR),
          Parameter.choices("training.optimizer", "adam", "sgd"),
          Parameter.values("training.momentum", 0.0, 0.9),
          Parameter.layerLists("model.hiddenLayers", List.of(256, 128), List.of(512)),
          Parameter.values("model.dropout", 0.0, 0.2, 0.5));

  @Test
  void aRandomTrialDependsOnlyOnTheSeedAndItsNumber() {
    assertThat(SearchSpace.trial(SPACE, Algorithm.RANDOM, 42, 7))
        .isEqualTo(SearchSpace.trial(SPACE, Algorithm.RANDOM, 42, 7))
        .isNotEqualTo(SearchSpace.trial(SPACE, Algorithm.RANDOM, 42, 8))
        .isNotEqualTo(SearchSpace.trial(SPACE, Algorithm.RANDOM, 43, 7));
  }

  @Test
  void randomDrawsStayInTheirRangesAndALogRangeSpreadsOverItsDecades() {
    List<Double> rates = new ArrayList<>();
    for (int n = 0; n < 2000; n++) {
      Map<String, Object> t = SearchSpace.trial(SPACE, Algorithm.RANDOM, 1, n);
      rates.add((Double) t.get("training.learningRate"));
      assertThat((Double) t.get("training.weightDecay")).isBetween(0.0, 0.001);
      assertThat((Long) t.get("training.batchSize")).isIn(64L, 128L, 256L);
      assertThat(t.get("training.optimizer")).isIn("adam", "sgd");
      assertThat(t.get("model.hiddenLayers")).isIn(List.of(256, 128), List.of(512));
    }
    assertThat(rates).allSatisfy(r -> assertThat(r).isBetween(0.0001, 0.1));
    Collections.sort(rates);
    // Log-uniform over 1e-4..1e-1: the median is near the geometric middle, 10^-2.5.
    assertThat(rates.get(1000)).isBetween(0.002, 0.005);
    // A quarter of the draws in each of the lower 3/4 decades: about 1/3 below 1e-3.
    long belowMilli = rates.stream().filter(r -> r < 0.001).count();
    assertThat(belowMilli).isBetween(600L, 730L);
  }

  @Test
  void aGridWalksTheProductLastParameterFastest() {
    List<Parameter> grid =
        List.of(
            Parameter.choices("training.optimizer", "adam", "sgd"),
            Parameter.values("training.batchSize", 64.0, 128.0));

    List<String> trials = new ArrayList<>();
    for (int n = 0; n < SearchSpace.gridSize(grid); n++) {
      trials.add(SearchSpace.trial(grid, Algorithm.GRID, 0, n).values().toString());
    }

    assertThat(trials).containsExactly("[adam, 64]", "[adam, 128]", "[sgd, 64]", "[sgd, 128]");
    assertThatThrownBy(() -> SearchSpace.trial(grid, Algorithm.GRID, 0, 4))
        .hasMessage("the grid has 4 points, no trial 4");
    assertThatThrownBy(() -> SearchSpace.gridSize(SPACE))
        .hasMessage(
            "training.learningRate is a range: grid search takes values, choices or layerLists"
                + " only");
  }

  @Test
  void everyTrialOfTheQuickStartTemplateIsAValidTrainingRun() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode manifest =
        (ObjectNode) yaml.readTree(Path.of("..", "examples", "fashion-mnist.yaml").toFile());
    JsonNode template = manifest.get("spec").deepCopy();
    for (int n = 0; n < 50; n++) {
      Map<String, Object> values = SearchSpace.trial(SPACE, Algorithm.RANDOM, 7, n);
      JsonNode spec = SearchSpace.apply(template, values);
      ObjectNode trial = manifest.deepCopy();
      trial.set("spec", spec);

      assertThat(CrdValidator.trainingRuns().validateCreate(trial)).as("trial %d", n).isEmpty();
      assertThat(spec.at("/training/learningRate").asDouble())
          .isEqualTo((Double) values.get("training.learningRate"));
      assertThat(spec.at("/training/batchSize").isIntegralNumber()).isTrue();
      assertThat(spec.at("/model/hiddenLayers").toString())
          .isEqualTo(values.get("model.hiddenLayers").toString().replace(" ", ""));
      assertThat(spec.at("/training").has("momentum"))
          .as("momentum only with sgd, trial %d", n)
          .isEqualTo("sgd".equals(values.get("training.optimizer")));
    }
    assertThat(template).as("the template is not changed").isEqualTo(manifest.get("spec"));
  }

  @Test
  void aParameterTakesOneKindOfValueThatItsFieldAccepts() {
    assertThatThrownBy(() -> Parameter.choices("training.learningRate", "fast"))
        .hasMessageStartingWith("training.learningRate cannot take choices");
    assertThatThrownBy(() -> Parameter.values("training.epochs", 3.0))
        .hasMessageStartingWith("training.epochs cannot take values");
    assertThatThrownBy(
            () ->
                new Parameter(
                    "model.dropout",
                    new Parameter.Range(0, 1, Scale.LINEAR),
                    List.of(0.1),
                    null,
                    null))
        .hasMessage("model.dropout: give exactly one of range, values, choices, layerLists");
    assertThatThrownBy(() -> Parameter.range("training.learningRate", 0, 0.1, Scale.LOG))
        .hasMessage("training.learningRate: range needs min <= max, and min > 0 on a log scale");
    assertThatThrownBy(() -> Parameter.range("training.batchSize", 32, 256, Scale.LINEAR))
        .hasMessage("training.batchSize takes whole numbers: give values, not a range");
  }
}
