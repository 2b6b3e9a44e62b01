package dev.plateau.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CRD's {@code x-kubernetes-validations} rules, compiled once with the CEL library and
 * evaluated the way the API server does: {@code self} is the value at the rule's place, {@code
 * oldSelf} the previous value on updates; transition rules (those naming {@code oldSelf}) run only
 * on updates where the old value exists.
 */
final class CelRules {

  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

  /**
   * One rule of the CRD.
   *
   * @param schemaPath where it sits, e.g. {@code spec.earlyStopping}
   * @param rule the CEL expression
   * @param message what the user is told when it is false
   */
  record Rule(
      String schemaPath,
      String rule,
      String message,
      String fieldPath,
      boolean transition,
      CelRuntime.Program program) {}

  private final JsonNode schema;
  // Keyed by identity: equal schemas at two places are still two places.
  private final Map<JsonNode, List<Rule>> rulesBySchemaNode = new IdentityHashMap<>();
  private final List<Rule> all = new ArrayList<>();

  CelRules(JsonNode openApiV3Schema) {
    this.schema = openApiV3Schema;
    CelCompiler compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    collect(openApiV3Schema, "", compiler, runtime);
  }

  List<Rule> all() {
    return Collections.unmodifiableList(all);
  }

  /** Violations of the rules by {@code value}, given the previous object on updates. */
  List<Violation> validate(JsonNode value, JsonNode old) {
    List<Violation> violations = new ArrayList<>();
    visit(schema, value, old, "", violations);
    return violations;
  }

  private void collect(JsonNode node, String path, CelCompiler compiler, CelRuntime runtime) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode v : node.path("x-kubernetes-validations")) {
      String expression = v.path("rule").asText();
      try {
        CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
        Rule rule =
            new Rule(
                path,
                expression,
                v.path("message").asText("failed rule: " + expression),
                v.path("fieldPath").asText(""),
                OLD_SELF.matcher(expression).find(),
                runtime.createProgram(ast));
        rules.add(rule);
        all.add(rule);
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalStateException(
            "CEL rule at " + path + " does not compile: " + expression, e);
      }
    }
    if (!rules.isEmpty()) {
      rulesBySchemaNode.put(node, rules);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      collect(p.getValue(), join(path, p.getKey()), compiler, runtime);
    }
    if (node.has("items")) {
      collect(node.get("items"), path + "[*]", compiler, runtime);
    }
    if (node.path("additionalProperties").isObject()) {
      collect(node.get("additionalProperties"), path + "[*]", compiler, runtime);
    }
  }

  private void visit(
      JsonNode schemaNode, JsonNode value, JsonNode old, String path, List<Violation> out) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    boolean hasOld = old != null && !old.isNull() && !old.isMissingNode();
    for (Rule rule : rulesBySchemaNode.getOrDefault(schemaNode, List.of())) {
      if (rule.transition() && !hasOld) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", toCel(value, schemaNode));
      if (hasOld) {
        vars.put("oldSelf", toCel(old, schemaNode));
      }
      try {
        Object result = rule.program().eval(vars);
        if (!Boolean.TRUE.equals(result)) {
          out.add(
              new Violation(
                  join(path, rule.fieldPath().replaceFirst("^[.]", "")),
                  "Invalid value: " + StructuralValidation.render(value) + ": " + rule.message()));
        }
      } catch (CelEvaluationException e) {
        out.add(
            new Violation(
                path, "rule " + rule.rule() + " could not be evaluated: " + e.getMessage()));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schemaNode.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      visit(
          p.getValue(),
          value.get(p.getKey()),
          hasOld ? old.get(p.getKey()) : null,
          join(path, p.getKey()),
          out);
    }
    if (schemaNode.has("items") && value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        // Items of atomic lists are not correlated with the old list: no transition rules.
        visit(schemaNode.get("items"), value.get(i), null, path + "[" + i + "]", out);
      }
    }
    if (schemaNode.path("additionalProperties").isObject() && value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              e ->
                  visit(
                      schemaNode.get("additionalProperties"),
                      e.getValue(),
                      hasOld ? old.get(e.getKey()) : null,
                      path + "[" + e.getKey() + "]",
                      out));
    }
  }

  /** A JSON value as CEL sees it: integers are int, numbers double, by the schema's type. */
  static Object toCel(JsonNode value, JsonNode schemaNode) {
    String type = schemaNode.path("type").asText("");
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      JsonNode properties = schemaNode.path("properties");
      JsonNode additional = schemaNode.path("additionalProperties");
      value
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isNull()) {
                  return;
                }
                JsonNode childSchema =
                    properties.has(e.getKey()) ? properties.get(e.getKey()) : additional;
                map.put(e.getKey(), toCel(e.getValue(), childSchema));
              });
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(toCel(item, schemaNode.path("items"))));
      return list;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return type.equals("number") ? (Object) value.doubleValue() : (Object) value.longValue();
    }
    return value.asText();
  }

  private static String join(String parent, String child) {
    if (child.isEmpty()) {
      return parent;
    }
    return parent.isEmpty() ? child : parent + "." + child;
  }
}
