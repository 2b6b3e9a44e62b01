package dev.plateau.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.status.Reasons;
import dev.plateau.api.validation.CrdSchema;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's TrainingRun reference keeps up with the API: every field, every reason. */
class ReadmeReferenceTest {

  static final Path README = Path.of("..", "README.md");

  @Test
  void everySpecFieldIsInTheReference() throws Exception {
    String readme = Files.readString(README);
    List<String> missing = new ArrayList<>();
    CrdArtifactTest.walk(
        CrdSchema.openApiV3Schema().at("/properties/spec"),
        "",
        (path, node) -> {
          if (!path.isEmpty() && !readme.contains("| `" + path + "` |")) {
            missing.add(path);
          }
        });
    assertThat(missing).as("spec fields missing from README.md's reference table").isEmpty();
  }

  @Test
  void everyConditionReasonIsInTheTable() throws Exception {
    String readme = Files.readString(README);
    List<String> missing = new ArrayList<>();
    for (Field f : Reasons.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String reason = (String) f.get(null);
        if (!readme.contains("| `" + reason + "` |")) {
          missing.add(reason);
        }
      }
    }
    assertThat(missing).as("reasons missing from README.md's conditions table").isEmpty();
  }
}
