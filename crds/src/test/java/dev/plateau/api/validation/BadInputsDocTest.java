package dev.plateau.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/bad-inputs.md keeps up with the manifest cases (runs and sweeps): each is a row. */
class BadInputsDocTest {

  @Test
  void everyInvalidManifestCaseIsARow() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "bad-inputs.md"));
    List<String> missing =
        TrainingRunValidationTest.invalid()
            .map(a -> (String) a.get()[0])
            .filter(name -> !doc.contains("TrainingRunValidationTest: \"" + name + "\""))
            .toList();
    assertThat(missing).as("manifest cases missing from docs/bad-inputs.md").isEmpty();
    List<String> missingSweeps =
        TrainingSweepValidationTest.invalid()
            .map(a -> (String) a.get()[0])
            .filter(name -> !doc.contains("TrainingSweepValidationTest: \"" + name + "\""))
            .toList();
    assertThat(missingSweeps).as("sweep cases missing from docs/bad-inputs.md").isEmpty();
    long rows = doc.lines().filter(l -> l.matches("^\\| \\d+ \\|.*")).count();
    assertThat(rows).as("rows of the table").isGreaterThanOrEqualTo(60);
  }
}
