package dev.plateau.operator.validation;

import static dev.plateau.operator.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.validation.Violation;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {

  static final SpecValidator VALIDATOR = new SpecValidator();

  @Test
  void theExampleRunIsValid() {
    assertThat(VALIDATOR.validate(run())).isEmpty();
  }

  static Arguments invalid(String name, Consumer<TrainingRun> edit, String field, String message) {
    return Arguments.of(name, edit, field, message);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        invalid(
            "cpu request above its limit",
            r -> r.getSpec().getResources().getRequests().setCpu(new Quantity("4")),
            "spec.resources.requests.cpu",
            "4 is more than limits.cpu (2)"),
        invalid(
            "memory request above its limit",
            r -> r.getSpec().getResources().getRequests().setMemory(new Quantity("8Gi")),
            "spec.resources.requests.memory",
            "8Gi is more than limits.memory (4Gi)"),
        invalid(
            "too little memory for the JVM and libtorch",
            r -> {
              r.getSpec().getResources().getRequests().setMemory(null);
              r.getSpec().getResources().getLimits().setMemory(new Quantity("256Mi"));
            },
            "spec.resources.limits.memory",
            "at least 512Mi"),
        invalid(
            "schema: two GPUs",
            r -> r.getSpec().getResources().setGpus(2),
            "spec.resources.gpus",
            ""),
        invalid(
            "CEL: checkpoint claim and size both set",
            r -> r.getSpec().getCheckpoints().setClaimName("models"),
            "spec.checkpoints",
            "set exactly one of claimName"),
        invalid(
            "CEL: the run's name is not a DNS label",
            r -> r.getMetadata().setName("Fashion_MLP"),
            "metadata.name",
            "DNS label"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidSpecsNameTheField(
      String name, Consumer<TrainingRun> edit, String field, String message) {
    var violations = VALIDATOR.validate(run(edit::accept));
    assertThat(violations).isNotEmpty();
    assertThat(violations)
        .anySatisfy(
            v -> {
              assertThat(v.field()).contains(field);
              assertThat(v.message()).contains(message);
            });
  }

  @Test
  void requestsWithoutLimitsAreFine() {
    assertThat(VALIDATOR.validate(run(r -> r.getSpec().getResources().setLimits(null)))).isEmpty();
  }

  @Test
  void violationsReadWell() {
    Violation v =
        VALIDATOR
            .validate(run(r -> r.getSpec().getResources().getRequests().setCpu(new Quantity("3"))))
            .get(0);
    assertThat(v.toString())
        .isEqualTo(
            "spec.resources.requests.cpu: 3 is more than limits.cpu (2): a request may not exceed"
                + " its limit");
  }
}
