package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.v1alpha1.ProgressSnapshot;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Python example trainer knows every field a trainer may report, and no other. */
class ForeignTrainerFieldsTest {

  @Test
  void theExampleTrainersSnapshotFieldsAreTheStatusTypes() {
    String python = Repo.read("examples/foreign-trainer/plateau_report.py");
    Matcher set = Pattern.compile("SNAPSHOT_FIELDS = \\{([^}]*)\\}").matcher(python);
    assertThat(set.find()).isTrue();
    Set<String> pythonFields = new TreeSet<>();
    Matcher name = Pattern.compile("\"(\\w+)\"").matcher(set.group(1));
    while (name.find()) {
      pythonFields.add(name.group(1));
    }
    Set<String> javaFields =
        Arrays.stream(ProgressSnapshot.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .map(Field::getName)
            // The operator computes eta from the snapshot; a trainer's own is replaced.
            .filter(f -> !f.equals("eta"))
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(pythonFields).isEqualTo(javaFields);
  }
}
