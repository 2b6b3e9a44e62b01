package dev.plateau.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Validates manifests exactly against a generated CRD: its defaults, its openAPIV3Schema and its
 * CEL rules. The API server does this on a cluster; {@code plateau run} and {@code plateau sweep}
 * do it locally, and the operator does it again before creating anything.
 */
public final class CrdValidator {

  private static final CrdValidator RUNS = new CrdValidator(CrdSchema.openApiV3Schema());
  private static final CrdValidator SWEEPS =
      new CrdValidator(CrdSchema.openApiV3Schema(CrdSchema.SWEEP_RESOURCE));

  private final JsonNode schema;
  private final StructuralValidation structural;
  private final CelRules cel;

  CrdValidator(JsonNode openApiV3Schema) {
    this.schema = openApiV3Schema;
    this.structural = new StructuralValidation(openApiV3Schema);
    this.cel = new CelRules(openApiV3Schema);
  }

  /** The validator of the TrainingRun CRD on the classpath; compiled once. */
  public static CrdValidator trainingRuns() {
    return RUNS;
  }

  /** The validator of the TrainingSweep CRD on the classpath; compiled once. */
  public static CrdValidator trainingSweeps() {
    return SWEEPS;
  }

  /** A copy of the manifest with the schema's defaults filled in. */
  public JsonNode withDefaults(JsonNode manifest) {
    JsonNode copy = manifest.deepCopy();
    SchemaDefaults.apply(schema, copy);
    return copy;
  }

  /** What the API server would reject when the manifest is created; empty when valid. */
  public List<Violation> validateCreate(JsonNode manifest) {
    return validate(withDefaults(manifest), null);
  }

  /**
   * What the API server would reject when {@code oldManifest} is changed to {@code newManifest}.
   */
  public List<Violation> validateUpdate(JsonNode oldManifest, JsonNode newManifest) {
    return validate(withDefaults(newManifest), withDefaults(oldManifest));
  }

  private List<Violation> validate(JsonNode manifest, JsonNode old) {
    List<Violation> violations = structural.validate(manifest);
    if (!violations.isEmpty()) {
      // The API server evaluates CEL only on values of the declared types.
      return violations;
    }
    return cel.validate(manifest, old);
  }

  /** Every CEL rule in the CRD, where it sits and what it tells the user. */
  public List<RuleInfo> rules() {
    return cel.all().stream()
        .map(r -> new RuleInfo(r.schemaPath(), r.rule(), r.message(), r.fieldPath()))
        .toList();
  }

  /**
   * One CEL rule of the CRD.
   *
   * @param path where in the schema it sits
   * @param rule the CEL expression
   * @param message what the user is told
   * @param fieldPath the field the error names, relative to {@code path}; empty for a rule on the
   *     field itself
   */
  public record RuleInfo(String path, String rule, String message, String fieldPath) {}
}
