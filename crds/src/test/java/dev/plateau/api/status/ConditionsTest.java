package dev.plateau.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionsTest {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-27T10:05:00Z");

  @Test
  void transitionTimeMovesOnlyWhenStatusMoves() {
    List<Condition> c =
        Conditions.set(List.of(), ConditionTypes.RUNNING, "False", Reasons.PENDING, "", 1L, T0);
    c = Conditions.set(c, ConditionTypes.RUNNING, "False", Reasons.UNSCHEDULABLE, "no GPU", 1L, T1);
    assertThat(Conditions.find(c, ConditionTypes.RUNNING).orElseThrow().getLastTransitionTime())
        .as("a new reason with the same status is no transition")
        .isEqualTo("2026-11-27T10:00:00Z");
    assertThat(Conditions.find(c, ConditionTypes.RUNNING).orElseThrow().getReason())
        .isEqualTo(Reasons.UNSCHEDULABLE);

    c = Conditions.set(c, ConditionTypes.RUNNING, "True", Reasons.TRAINING, "", 1L, T1);
    assertThat(Conditions.find(c, ConditionTypes.RUNNING).orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-11-27T10:05:00Z");
    assertThat(c).hasSize(1);
  }

  static List<Condition> with(String... typeStatus) {
    List<Condition> c = List.of();
    for (String ts : typeStatus) {
      String[] p = ts.split("=");
      c = Conditions.set(c, p[0], p[1], "R", "", 1L, T0);
    }
    return c;
  }

  static Stream<Arguments> phases() {
    return Stream.of(
        Arguments.of(with(), Phase.Pending),
        Arguments.of(with("Accepted=True", "Running=Unknown"), Phase.Pending),
        Arguments.of(with("Accepted=True", "Running=False"), Phase.Pending),
        Arguments.of(with("Accepted=True", "Running=True"), Phase.Running),
        Arguments.of(with("Running=False", "Suspended=True"), Phase.Suspended),
        Arguments.of(with("Running=False", "Complete=True", "Failed=False"), Phase.Succeeded),
        Arguments.of(with("Accepted=False", "Failed=True"), Phase.Failed),
        Arguments.of(with("Complete=True", "Failed=True"), Phase.Failed),
        Arguments.of(with("Suspended=True", "Failed=True"), Phase.Failed));
  }

  @ParameterizedTest
  @MethodSource("phases")
  void phaseIsDerivedFromConditions(List<Condition> conditions, Phase expected) {
    assertThat(Conditions.phase(conditions)).isEqualTo(expected);
  }
}
