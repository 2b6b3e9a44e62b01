package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered RBAC grants the operator exactly the API calls it declares in api-calls.yaml, no
 * more and no less, in the scope the rendered operator is configured for: cluster-wide when it
 * watches all namespaces, else in each watched namespace; the Lease in the release namespace.
 */
class ChartRbacTest {

  static Stream<String> variants() {
    return Stream.concat(Stream.of("defaults"), RenderedChart.variants().stream());
  }

  static RenderedChart render(String variant) {
    return RenderedChart.render("defaults".equals(variant) ? null : variant, Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void grantsExactlyTheDeclaredCallsWhereTheOperatorMakesThem(String variant) {
    RenderedChart chart = render(variant);
    Map<String, String> env = chart.env();
    boolean leaderElection = Boolean.parseBoolean(env.get("PLATEAU_LEADER_ELECTION"));
    List<String> watched =
        Arrays.stream(env.get("PLATEAU_WATCH_NAMESPACES").split(","))
            .filter(s -> !s.isBlank())
            .toList();

    Set<String> declared = OperatorApiCalls.all();
    Set<String> watching = filter(declared, p -> !OperatorApiCalls.forLeaderElection(p));
    Set<String> leaseRights =
        filter(
            declared,
            p -> OperatorApiCalls.forLeaderElection(p) && !OperatorApiCalls.clusterScoped(p));
    Set<String> clusterLeaderRights =
        filter(
            declared,
            p -> OperatorApiCalls.forLeaderElection(p) && OperatorApiCalls.clusterScoped(p));

    Map<String, Set<String>> expected = new TreeMap<>();
    if (watched.isEmpty()) {
      expected.put(GrantedRights.CLUSTER, new TreeSet<>(watching));
    } else {
      watched.forEach(ns -> expected.put(ns, new TreeSet<>(watching)));
    }
    if (leaderElection) {
      assertThat(env.get("PLATEAU_LEADER_ELECTION_NAMESPACE")).isEqualTo(RenderedChart.NAMESPACE);
      expected.computeIfAbsent(RenderedChart.NAMESPACE, k -> new TreeSet<>()).addAll(leaseRights);
      expected
          .computeIfAbsent(GrantedRights.CLUSTER, k -> new TreeSet<>())
          .addAll(clusterLeaderRights);
    }

    String serviceAccount = chart.podSpec().path("serviceAccountName").asText();
    Map<String, Set<String>> granted = GrantedRights.of(chart, serviceAccount);
    assertThat(granted).isEqualTo(expected);

    Set<String> union =
        granted.values().stream()
            .flatMap(Set::stream)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(union)
        .as("union of the rendered rules vs api-calls.yaml")
        .isEqualTo(leaderElection ? declared : watching);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void onlyTheLeaseIsNamedAndJosdkFindsItsLeaseRights(String variant) {
    RenderedChart chart = render(variant);
    String lease = chart.env().get("PLATEAU_LEADER_ELECTION_LEASE_NAME");
    Set<String> verbsForTheLease = new TreeSet<>();
    for (ObjectNode role : roles(chart)) {
      for (JsonNode rule : role.path("rules")) {
        boolean leases = rule.path("resources").toString().contains("\"leases\"");
        if (rule.has("resourceNames")) {
          assertThat(leases).as("resourceNames outside the lease rule: %s", rule).isTrue();
          assertThat(rule.path("resourceNames").get(0).asText()).isEqualTo(lease);
        }
        if (leases) {
          rule.path("verbs").forEach(v -> verbsForTheLease.add(v.asText()));
        }
      }
    }
    if (lease != null) {
      // LeaderElectionManager.checkLeaseAccess: get, create and update, on rules without
      // resourceNames or naming the Lease, else the operator refuses to start.
      assertThat(verbsForTheLease).contains("get", "create", "update");
    } else {
      assertThat(verbsForTheLease).isEmpty();
    }
  }

  @Test
  void aNamespaceListGrantsNothingClusterWideWithoutLeaderElection() {
    RenderedChart chart = RenderedChart.render("namespace-list", Map.of());
    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(chart.ofKind("Role"))
        .extracting(r -> r.path("metadata").path("namespace").asText())
        .containsExactlyInAnyOrder("team-a", "team-b");
  }

  @Test
  void theLeaderElectionCallsAreStillDeclaredByTheOperator() {
    // If the operator stops declaring them, the chart's leader-election RBAC must go too.
    Set<String> resources =
        OperatorApiCalls.all().stream()
            .map(OperatorApiCalls::resourceOf)
            .collect(Collectors.toSet());
    assertThat(resources).containsAll(OperatorApiCalls.LEADER_ELECTION_RESOURCES);
  }

  private static List<ObjectNode> roles(RenderedChart chart) {
    return Stream.concat(chart.ofKind("Role").stream(), chart.ofKind("ClusterRole").stream())
        .toList();
  }

  private static Set<String> filter(Set<String> set, java.util.function.Predicate<String> keep) {
    return set.stream().filter(keep).collect(Collectors.toCollection(TreeSet::new));
  }
}
