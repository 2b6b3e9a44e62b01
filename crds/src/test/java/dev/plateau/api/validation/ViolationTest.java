package dev.plateau.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API server's wording, and the same said to a person at a terminal. */
class ViolationTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "spec.model|Invalid value: \"object\": hiddenLayers applies only to architecture: mlp"
            + "|spec.model: hiddenLayers applies only to architecture: mlp",
        "spec.model.hiddenLayers|Invalid value: \"array\": every hiddenLayers entry must be between"
            + " 1 and 8192|spec.model.hiddenLayers: every hiddenLayers entry must be between 1 and"
            + " 8192",
        "spec.training.maxEpochs|Invalid value: 0: spec.training.maxEpochs in body should be"
            + " greater than or equal to 1|spec.training.maxEpochs: is 0; it should be greater than"
            + " or equal to 1",
        "spec.dataset.path|Invalid value: \"a/../b\": paths may not contain '..' segments"
            + "|spec.dataset.path: paths may not contain '..' segments (it is \"a/../b\")",
        "spec.model|Required value|spec.model: is required",
        "|unknown field \"spec.traning\": did you mean training?"
            + "|unknown field \"spec.traning\": did you mean training?",
      })
  void forPeopleDropsTheApiServersFraming(String field, String message, String plain) {
    Violation v = new Violation(field == null ? "" : field, message);
    assertThat(v.forPeople()).isEqualTo(plain).doesNotContain("in body");
  }
}
