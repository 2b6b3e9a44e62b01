package dev.plateau.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.contract.ContractJson;
import org.junit.jupiter.api.Test;

/** What a resume refuses, said in the manifest's own numbers. */
class TrainingDefinitionTest {

  static JsonNode dataset(String maxSamples) throws Exception {
    return ContractJson.mapper().readTree("{\"dataset\": {\"maxSamples\": " + maxSamples + "}}");
  }

  @Test
  void aChangedNumberIsSaidAsWritten() throws Exception {
    assertThat(TrainingDefinition.refusedChanges(dataset("40000"), dataset("30000")))
        .containsExactly("dataset.maxSamples: 40000 in last/, 30000 now");
    assertThat(TrainingDefinition.refusedChanges(dataset("0.0010"), dataset("0.002")))
        .containsExactly("dataset.maxSamples: 0.001 in last/, 0.002 now");
  }

  @Test
  void theSameNumberWrittenTwoWaysIsNoChange() throws Exception {
    assertThat(TrainingDefinition.refusedChanges(dataset("40000"), dataset("40000.0"))).isEmpty();
    assertThat(TrainingDefinition.refusedChanges(dataset("4E+4"), dataset("40000"))).isEmpty();
  }
}
