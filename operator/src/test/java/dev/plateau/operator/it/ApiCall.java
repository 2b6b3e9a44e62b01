package dev.plateau.operator.it;

import java.util.List;
import java.util.Optional;

/**
 * One API call as RBAC sees it: verb, API group and resource (with subresource), read from an HTTP
 * request the way the API server's request info resolver reads it.
 */
public record ApiCall(String verb, String apiGroup, String resource) {

  /** The call an HTTP request makes; empty for discovery and other non-resource paths. */
  public static Optional<ApiCall> of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
    String group;
    int rest;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = 3;
    } else {
      return Optional.empty();
    }
    List<String> tail = parts.subList(rest, parts.size());
    if (tail.size() >= 3 && tail.get(0).equals("namespaces")) {
      tail = tail.subList(2, tail.size()); // namespaced: drop namespaces/<ns>
    }
    if (tail.isEmpty()) {
      return Optional.empty();
    }
    String resource = tail.get(0) + (tail.size() >= 3 ? "/" + tail.get(2) : "");
    boolean named = tail.size() >= 2;
    return Optional.of(new ApiCall(verb(method, named, query), group, resource));
  }

  private static String verb(String method, boolean named, String query) {
    return switch (method) {
      case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
  }

  @Override
  public String toString() {
    return verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource;
  }
}
