package dev.plateau.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a manifest against the CRD's openAPIV3Schema (types, enums, bounds, lengths, required and
 * unknown fields) with a JSON Schema validator, and words each finding as the API server does.
 */
final class StructuralValidation {

  private final JsonSchema schema;
  private final JsonNode strictSchema;

  StructuralValidation(JsonNode openApiV3Schema) {
    ObjectNode strict = strictCopy(openApiV3Schema);
    ObjectNode root = (ObjectNode) strict.with("properties");
    root.set("apiVersion", JsonNodeFactory.instance.objectNode().put("type", "string"));
    root.set("kind", JsonNodeFactory.instance.objectNode().put("type", "string"));
    root.set("metadata", JsonNodeFactory.instance.objectNode().put("type", "object"));
    this.strictSchema = strict;
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(strict, SchemaValidatorsConfig.builder().build());
  }

  List<Violation> validate(JsonNode manifest) {
    List<Violation> violations = new ArrayList<>();
    for (ValidationMessage message : schema.validate(manifest)) {
      violations.add(toViolation(message));
    }
    violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
    return violations;
  }

  private Violation toViolation(ValidationMessage m) {
    String field = fieldPath(m.getInstanceLocation());
    JsonNode instance = m.getInstanceNode();
    JsonNode keyword = m.getSchemaNode();
    JsonNode owner = ownerSchema(m);
    String bad = "Invalid value: " + render(instance) + ": ";
    return switch (m.getType()) {
      case "required" -> new Violation(join(field, m.getProperty()), "Required value");
      case "additionalProperties" ->
          new Violation(
              "",
              "unknown field \""
                  + join(field, m.getProperty())
                  + "\": "
                  + nearest(m.getProperty(), owner.path("properties"))
                      .map(n -> "did you mean " + n + "?")
                      .orElse("check its spelling"));
      case "enum" ->
          new Violation(
              field,
              "Unsupported value: "
                  + render(instance)
                  + ": supported values: "
                  + streamOf(keyword)
                      .map(StructuralValidation::render)
                      .collect(Collectors.joining(", ")));
      case "minimum" -> {
        boolean exclusive = owner.path("exclusiveMinimum").asBoolean(false);
        yield new Violation(
            field,
            bad
                + field
                + " in body should be greater than "
                + (exclusive ? "" : "or equal to ")
                + number(keyword));
      }
      case "maximum" -> {
        boolean exclusive = owner.path("exclusiveMaximum").asBoolean(false);
        yield new Violation(
            field,
            bad
                + field
                + " in body should be less than "
                + (exclusive ? "" : "or equal to ")
                + number(keyword));
      }
      case "maxLength" ->
          new Violation(field, "Too long: may not be more than " + keyword.asInt() + " bytes");
      case "minLength" ->
          new Violation(
              field,
              bad + field + " in body should be at least " + keyword.asInt() + " chars long");
      case "maxItems" ->
          new Violation(
              field,
              "Too many: " + instance.size() + ": must have at most " + keyword.asInt() + " items");
      case "minItems" ->
          new Violation(
              field, bad + field + " in body should have at least " + keyword.asInt() + " items");
      case "maxProperties" ->
          new Violation(
              field,
              "Too many: " + instance.size() + ": must have at most " + keyword.asInt() + " items");
      case "pattern" ->
          new Violation(field, bad + field + " in body should match '" + keyword.asText() + "'");
      case "type" ->
          new Violation(
              field,
              bad
                  + field
                  + " in body must be of type "
                  + keyword.asText()
                  + ": \""
                  + instance.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                  + "\"");
      default -> new Violation(field, m.getMessage());
    };
  }

  /** The schema object holding the keyword that failed, e.g. for exclusiveMinimum. */
  /**
   * The declared property closest to {@code name} (Levenshtein distance at most 2, or a case
   * difference), for an unknown field.
   */
  static java.util.Optional<String> nearest(String name, JsonNode properties) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      String candidate = it.next();
      int d =
          candidate.equalsIgnoreCase(name)
              ? 0
              : distance(
                  name.toLowerCase(java.util.Locale.ROOT),
                  candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= 2 ? java.util.Optional.ofNullable(best) : java.util.Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private JsonNode ownerSchema(ValidationMessage m) {
    String pointer = m.getSchemaLocation().toString();
    pointer = pointer.substring(pointer.indexOf('#') + 1);
    return strictSchema.at(pointer.substring(0, Math.max(0, pointer.lastIndexOf('/'))));
  }

  /** A copy in which every declared object rejects unknown fields (kubectl's strict mode). */
  private static ObjectNode strictCopy(JsonNode node) {
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.startsWith("x-kubernetes-")) {
        continue;
      }
      JsonNode v = e.getValue();
      if (key.equals("properties")) {
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        v.fields().forEachRemaining(p -> props.set(p.getKey(), strictCopy(p.getValue())));
        copy.set(key, props);
      } else if ((key.equals("items") || key.equals("additionalProperties")) && v.isObject()) {
        copy.set(key, strictCopy(v));
      } else {
        copy.set(key, v.deepCopy());
      }
    }
    if (node.has("properties")
        && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        && !node.has("additionalProperties")) {
      copy.put("additionalProperties", false);
    }
    return copy;
  }

  static String fieldPath(JsonNodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(element);
      }
    }
    return out.toString();
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  private static java.util.stream.Stream<JsonNode> streamOf(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    if (array != null) {
      array.forEach(items::add);
    }
    return items.stream();
  }

  static String render(JsonNode value) {
    if (value == null) {
      return "null";
    }
    if (value.isTextual()) {
      return "\"" + value.asText() + "\"";
    }
    if (value.isObject()) {
      return "\"object\"";
    }
    if (value.isArray()) {
      return "\"array\"";
    }
    return value.toString();
  }

  private static String number(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
