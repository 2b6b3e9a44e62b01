package dev.plateau.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.validation.CrdValidator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What defines a training, as {@code last/} records it: the spec's {@code model}, {@code dataset},
 * {@code training} and {@code earlyStopping}, with the CRD's defaults filled in and nothing that
 * only differs in form (an absent field and its default written out compare equal), so an operator
 * that renders the same spec differently never blocks a resume.
 *
 * <p>A resume must continue the same training: only a raised {@code training.maxEpochs}, and a
 * {@code training.minEpochs} raised up to it, may differ.
 */
public final class TrainingDefinition {

  static final List<String> SECTIONS = List.of("model", "dataset", "training", "earlyStopping");

  private TrainingDefinition() {}

  /** The normalised definition of {@code config}. */
  public static JsonNode of(TrainerConfig config) {
    EarlyStoppingSpec earlyStopping =
        ContractJson.copy(config.getEarlyStopping(), EarlyStoppingSpec.class);
    earlyStopping.setMode(earlyStopping.resolvedMode());
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.set("model", ContractJson.mapper().valueToTree(config.getModel()));
    spec.set("dataset", ContractJson.mapper().valueToTree(config.getDataset()));
    spec.set("training", ContractJson.mapper().valueToTree(config.getTraining()));
    spec.set("earlyStopping", ContractJson.mapper().valueToTree(earlyStopping));
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.set("spec", spec);
    JsonNode defaulted = CrdValidator.trainingRuns().withDefaults(manifest).get("spec");
    ObjectNode definition = JsonNodeFactory.instance.objectNode();
    for (String section : SECTIONS) {
      definition.set(section, withoutNulls(defaulted.get(section)));
    }
    return definition;
  }

  /**
   * How {@code current} differs from {@code recorded} in ways a resume cannot take, one line per
   * field: {@code model.hiddenLayers: [32] in last/, [64] now}. Empty when it may resume.
   */
  public static List<String> refusedChanges(JsonNode recorded, JsonNode current) {
    Map<String, JsonNode> before = flatten(recorded);
    Map<String, JsonNode> after = flatten(current);
    TreeMap<String, Boolean> fields = new TreeMap<>();
    before.keySet().forEach(k -> fields.put(k, true));
    after.keySet().forEach(k -> fields.put(k, true));
    List<String> refused = new ArrayList<>();
    for (String field : fields.keySet()) {
      JsonNode was = before.get(field);
      JsonNode is = after.get(field);
      if (was != null && same(was, is)) {
        continue;
      }
      if (raised(field, was, is)) {
        continue;
      }
      refused.add(field + ": " + show(was) + " in last/, " + show(is) + " now");
    }
    return refused;
  }

  /** maxEpochs and minEpochs may go up: the run then trains on. */
  private static boolean raised(String field, JsonNode was, JsonNode is) {
    return (field.equals("training.maxEpochs") || field.equals("training.minEpochs"))
        && was != null
        && is != null
        && was.isNumber()
        && is.isNumber()
        && is.asLong() >= was.asLong();
  }

  /** Equal, with 40000 and 40000.0 (or 4E+4) the same number. */
  private static boolean same(JsonNode was, JsonNode is) {
    if (was.isNumber() && is != null && is.isNumber()) {
      return was.decimalValue().compareTo(is.decimalValue()) == 0;
    }
    return was.equals(is);
  }

  /** As the manifest wrote it; a number without an exponent (40000, not 4E+4). */
  private static String show(JsonNode value) {
    if (value == null) {
      return "(not set)";
    }
    return value.isNumber()
        ? value.decimalValue().stripTrailingZeros().toPlainString()
        : value.toString();
  }

  /** Leaves of objects by dotted path; arrays are leaves. */
  private static Map<String, JsonNode> flatten(JsonNode node) {
    Map<String, JsonNode> leaves = new TreeMap<>();
    flatten("", node, leaves);
    return leaves;
  }

  private static void flatten(String path, JsonNode node, Map<String, JsonNode> leaves) {
    if (node == null || node.isNull()) {
      return;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        flatten(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), leaves);
      }
      return;
    }
    leaves.put(path, node);
  }

  private static JsonNode withoutNulls(JsonNode node) {
    if (node == null || !node.isObject()) {
      return node;
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    node.fields()
        .forEachRemaining(
            f -> {
              if (!f.getValue().isNull()) {
                copy.set(f.getKey(), withoutNulls(f.getValue()));
              }
            });
    return copy;
  }
}
