package dev.plateau.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the rendered RBAC grants the operator's ServiceAccount, by scope: {@code cluster} for a
 * ClusterRole bound by a ClusterRoleBinding, the namespace for a Role bound in its namespace. Roles
 * not bound to the operator's ServiceAccount grant it nothing and are left out.
 */
final class GrantedRights {

  static final String CLUSTER = "cluster";

  private GrantedRights() {}

  /** Scope -> permissions ({@code group/resource:verb}). */
  static Map<String, Set<String>> of(RenderedChart chart, String serviceAccount) {
    Map<String, Set<String>> granted = new TreeMap<>();
    for (ObjectNode binding : chart.ofKind("ClusterRoleBinding")) {
      if (bindsOperator(binding, serviceAccount)) {
        ObjectNode role = role(chart, "ClusterRole", null, binding);
        granted.computeIfAbsent(CLUSTER, k -> new TreeSet<>()).addAll(permissions(role));
      }
    }
    for (ObjectNode binding : chart.ofKind("RoleBinding")) {
      if (bindsOperator(binding, serviceAccount)) {
        String namespace = binding.path("metadata").path("namespace").asText();
        ObjectNode role = role(chart, "Role", namespace, binding);
        granted.computeIfAbsent(namespace, k -> new TreeSet<>()).addAll(permissions(role));
      }
    }
    return granted;
  }

  /** Every permission of a role, each rule expanded; wildcards are refused. */
  static Set<String> permissions(ObjectNode role) {
    Set<String> permissions = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            if ("*".equals(group.asText())
                || "*".equals(resource.asText())
                || "*".equals(verb.asText())) {
              throw new AssertionError("wildcard in " + rule);
            }
            permissions.add(
                OperatorApiCalls.permission(group.asText(), resource.asText(), verb.asText()));
          }
        }
      }
    }
    return permissions;
  }

  private static boolean bindsOperator(ObjectNode binding, String serviceAccount) {
    for (JsonNode subject : binding.path("subjects")) {
      if ("ServiceAccount".equals(subject.path("kind").asText())
          && serviceAccount.equals(subject.path("name").asText())
          && RenderedChart.NAMESPACE.equals(subject.path("namespace").asText())) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode role(
      RenderedChart chart, String kind, String namespace, ObjectNode binding) {
    JsonNode ref = binding.path("roleRef");
    if (!kind.equals(ref.path("kind").asText())) {
      throw new AssertionError("a " + binding.path("kind").asText() + " refers to " + ref);
    }
    return chart.ofKind(kind).stream()
        .filter(r -> ref.path("name").asText().equals(r.path("metadata").path("name").asText()))
        .filter(
            r ->
                namespace == null
                    || namespace.equals(r.path("metadata").path("namespace").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the chart binds a missing " + kind + ": " + ref));
  }
}
