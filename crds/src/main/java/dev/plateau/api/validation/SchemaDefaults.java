package dev.plateau.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies the schema's defaults the way the API server does: an absent (or null) property with a
 * default gets it, then defaulting goes on inside it.
 */
final class SchemaDefaults {

  private SchemaDefaults() {}

  static void apply(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        JsonNode child = object.get(property.getKey());
        JsonNode defaultValue = property.getValue().get("default");
        if ((child == null || child.isNull()) && defaultValue != null) {
          object.set(property.getKey(), defaultValue.deepCopy());
        }
        if (object.get(property.getKey()) != null) {
          apply(property.getValue(), object.get(property.getKey()));
        }
      }
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        object.fields().forEachRemaining(e -> apply(additional, e.getValue()));
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> apply(schema.get("items"), item));
    }
  }
}
