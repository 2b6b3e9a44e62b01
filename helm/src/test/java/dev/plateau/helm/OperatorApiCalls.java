package dev.plateau.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator's declared API calls (operator/src/main/resources/.../api-calls.yaml), read as a
 * file so that this module needs neither the operator's jar nor its dependencies.
 */
final class OperatorApiCalls {

  static final String FILE = "operator/src/main/resources/dev/plateau/operator/api-calls.yaml";

  /**
   * Calls the operator makes only with leader election on (JOSDK's LeaderElectionManager): the
   * Lease and the SelfSubjectRulesReview JOSDK checks its Lease rights with.
   */
  static final Set<String> LEADER_ELECTION_RESOURCES =
      Set.of("coordination.k8s.io/leases", "authorization.k8s.io/selfsubjectrulesreviews");

  /** Cluster-scoped resources among the calls: only a ClusterRole can grant them. */
  static final Set<String> CLUSTER_SCOPED_RESOURCES =
      Set.of("authorization.k8s.io/selfsubjectrulesreviews");

  private OperatorApiCalls() {}

  /** Every declared call as {@code group/resource:verb} (core group: empty). */
  static Set<String> all() {
    try {
      JsonNode list = RenderedChart.YAML.readTree(Repo.path(FILE).toFile());
      Set<String> calls = new TreeSet<>();
      for (JsonNode rule : list) {
        for (JsonNode verb : rule.path("verbs")) {
          calls.add(
              permission(
                  rule.path("apiGroup").asText(), rule.path("resource").asText(), verb.asText()));
        }
      }
      return calls;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String permission(String group, String resource, String verb) {
    return group + "/" + resource + ":" + verb;
  }

  static String resourceOf(String permission) {
    return permission.substring(0, permission.indexOf(':'));
  }

  static boolean forLeaderElection(String permission) {
    return LEADER_ELECTION_RESOURCES.contains(resourceOf(permission));
  }

  static boolean clusterScoped(String permission) {
    return CLUSTER_SCOPED_RESOURCES.contains(resourceOf(permission));
  }
}
