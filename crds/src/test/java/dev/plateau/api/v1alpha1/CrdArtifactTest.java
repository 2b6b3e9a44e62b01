package dev.plateau.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.validation.CrdSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The CRD the build generates is the one committed, and it documents and bounds every field. */
class CrdArtifactTest {

  /** The CRDs the module generates: TrainingRun's and TrainingSweep's. */
  static final List<String> RESOURCES = List.of(CrdSchema.RESOURCE, CrdSchema.SWEEP_RESOURCE);

  @ParameterizedTest
  @FieldSource("RESOURCES")
  void committedCrdIsWhatTheBuildGenerates(String resource) throws IOException {
    String generated;
    try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path committed = Path.of(resource.substring(resource.lastIndexOf('/') + 1));
    assertThat(Files.readString(committed))
        .as(
            "crds/%s is stale: run ./mvnw -pl crds process-classes and copy"
                + " crds/target/classes%s to crds/",
            committed, resource)
        .isEqualTo(generated);
  }

  @ParameterizedTest
  @FieldSource("RESOURCES")
  void everyFieldHasADescription(String resource) {
    List<String> undocumented = new ArrayList<>();
    walk(
        CrdSchema.openApiV3Schema(resource),
        "",
        (path, node) -> {
          if (!path.isEmpty() && node.path("description").asText("").isBlank()) {
            undocumented.add(path);
          }
        });
    assertThat(undocumented).as("fields without a description").isEmpty();
  }

  @ParameterizedTest
  @FieldSource("RESOURCES")
  void everySpecStringAndListIsBounded(String resource) {
    List<String> unbounded = new ArrayList<>();
    walk(
        CrdSchema.openApiV3Schema(resource).at("/properties/spec"),
        "spec",
        (path, node) -> {
          String type = node.path("type").asText("");
          boolean isString = type.equals("string") && !node.has("enum");
          boolean isList = type.equals("array");
          boolean isMap = type.equals("object") && node.has("additionalProperties");
          if (isString && !node.has("maxLength")
              || isList && !node.has("maxItems")
              || isMap && !node.has("maxProperties")) {
            unbounded.add(path);
          }
          if (isMap
              && node.at("/additionalProperties/type").asText().equals("string")
              && !node.at("/additionalProperties").has("maxLength")) {
            unbounded.add(path + "[*]");
          }
        });
    assertThat(unbounded).as("spec fields without a maximum length").isEmpty();
  }

  @Test
  void printerColumnsReadPhaseAndProgressNeverConditions() {
    JsonNode version = CrdSchema.crd().at("/spec/versions/0");
    List<String> columns = new ArrayList<>();
    for (JsonNode c : version.path("additionalPrinterColumns")) {
      columns.add(
          c.path("name").asText()
              + " "
              + c.path("jsonPath").asText()
              + " "
              + c.path("priority").asInt());
    }
    assertThat(columns)
        .containsExactlyInAnyOrder(
            "Phase .status.phase 0",
            "Epoch .status.progress.epoch 0",
            "Best .status.progress.bestMetric 0",
            "Since-Improvement .status.progress.epochsSinceImprovement 0",
            "Age .metadata.creationTimestamp 0",
            "Monitor .status.progress.monitor 1",
            "Latest .status.progress.monitorValue 1");
    assertThat(columns).noneMatch(c -> c.contains("conditions"));
  }

  @Test
  void namespacedWithShortNameAndStatusSubresource() {
    JsonNode crd = CrdSchema.crd();
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/group").asText()).isEqualTo("plateau.dev");
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("tr");
    assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
    assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
  }

  interface Visitor {
    void visit(String path, JsonNode node);
  }

  /** Visits every declared field (a property, at any depth, through lists and maps). */
  static void walk(JsonNode node, String path, Visitor visitor) {
    visitor.visit(path, node);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      walk(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), visitor);
    }
    JsonNode items = node.path("items");
    if (items.has("properties")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = items.path("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        walk(p.getValue(), path + "[]." + p.getKey(), visitor);
      }
    }
  }
}
