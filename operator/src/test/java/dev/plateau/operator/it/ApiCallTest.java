package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP requests read as RBAC reads them, and the declared list read back. */
class ApiCallTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api/v1/pods?labelSelector=a%3Db, list, '', pods",
    "GET, /api/v1/pods?labelSelector=a&watch=true&allowWatchBookmarks=true, watch, '', pods",
    "GET, /api/v1/namespaces/ml/configmaps/x, get, '', configmaps",
    "POST, /api/v1/namespaces/ml/events, create, '', events",
    "PUT, /apis/rbac.authorization.k8s.io/v1/namespaces/ml/roles/r, update, rbac.authorization.k8s.io, roles",
    "PATCH, /apis/batch/v1/namespaces/ml/jobs/j, patch, batch, jobs",
    "PATCH, /apis/plateau.dev/v1alpha1/namespaces/ml/trainingruns/r/status, patch, plateau.dev, trainingruns/status",
    "GET, /apis/plateau.dev/v1alpha1/trainingruns?watch=true, watch, plateau.dev, trainingruns",
    "DELETE, /api/v1/namespaces/ml/pods/p, delete, '', pods",
    "POST, /apis/authorization.k8s.io/v1/selfsubjectrulesreviews, create, authorization.k8s.io, selfsubjectrulesreviews",
    "GET, /api/v1/namespaces/ml, get, '', namespaces",
  })
  void requestsAreReadAsRbacReadsThem(
      String method, String path, String verb, String group, String resource) {
    assertThat(ApiCall.of(method, path)).contains(new ApiCall(verb, group, resource));
  }

  @Test
  void discoveryIsNoResourceCall() {
    assertThat(ApiCall.of("GET", "/version")).isEqualTo(Optional.empty());
    assertThat(ApiCall.of("GET", "/apis/batch/v1")).isEmpty();
    assertThat(ApiCall.of("GET", "/api/v1")).isEmpty();
  }

  @Test
  void declaredListHasNoWildcardsAndEveryEntryHasVerbs() {
    List<ApiCalls.Rule> rules = ApiCalls.declared();
    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.verbs()).isNotEmpty().doesNotContain("*");
              assertThat(r.resource()).isNotBlank().isNotEqualTo("*");
              assertThat(r.apiGroup()).isNotEqualTo("*");
            });
    assertThat(ApiCalls.allows(rules, new ApiCall("patch", "plateau.dev", "trainingruns/status")))
        .isTrue();
    assertThat(ApiCalls.allows(rules, new ApiCall("delete", "", "pods"))).isFalse();
  }
}
