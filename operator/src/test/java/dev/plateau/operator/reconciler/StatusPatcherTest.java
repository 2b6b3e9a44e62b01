package dev.plateau.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.operator.TestRuns;
import org.junit.jupiter.api.Test;

class StatusPatcherTest {

  /**
   * With server-side apply, whatever the patch holds the operator comes to own: a spec in it would
   * take the user's spec fields from them.
   */
  @Test
  void thePatchHoldsOnlyTheRunsIdentityAndStatus() {
    TrainingRunStatus status = new TrainingRunStatus();
    status.setPhase(Phase.Running);
    JsonNode patch =
        TestRuns.SERIALIZATION.convertValue(
            StatusPatcher.fresh(TestRuns.run(), status), JsonNode.class);
    assertThat(patch.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "status");
    assertThat(patch.get("metadata").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("name", "namespace");
    assertThat(patch.at("/status/phase").asText()).isEqualTo("Running");
  }
}
