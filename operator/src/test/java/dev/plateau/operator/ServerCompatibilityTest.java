package dev.plateau.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateau.api.contract.KubernetesVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the operator does on each API server: run, run with less, or refuse in one sentence. */
class ServerCompatibilityTest {

  static final String SERVER = "https://10.0.0.1:6443/";

  static KubernetesVersion v(int minor) {
    return new KubernetesVersion(1, minor);
  }

  @ParameterizedTest(name = "1.{0}")
  @CsvSource({"28", "30", "34"})
  void aSupportedServerRunsEverything(int minor) throws Exception {
    ServerCompatibility server = ServerCompatibility.check(SERVER, v(minor), List.of(), false);

    assertThat(server.podFailurePolicy()).isTrue();
    assertThat(server.warnings()).isEmpty();
  }

  @Test
  void anOlderServerIsRefusedInOneSentence() {
    assertThatThrownBy(() -> ServerCompatibility.check(SERVER, v(25), List.of(), false))
        .isInstanceOf(ServerCompatibility.Unsupported.class)
        .hasMessage(
            "the API server at https://10.0.0.1:6443/ runs Kubernetes 1.25, and Plateau needs 1.28"
                + " or newer (set PLATEAU_ALLOW_OLD_KUBERNETES=true, or the chart's"
                + " allowOldKubernetes, to run anyway without what 1.25 lacks)");
  }

  @Test
  void allowed126KeepsThePodFailurePolicyAndSaysWhatTheCrdLoses() throws Exception {
    ServerCompatibility server = ServerCompatibility.check(SERVER, v(26), List.of(), true);

    assertThat(server.podFailurePolicy()).isTrue();
    assertThat(server.warnings()).hasSize(2);
    assertThat(server.warnings().get(0))
        .contains("running on Kubernetes 1.26, older than the 1.28 Plateau supports");
    assertThat(server.warnings().get(1))
        .contains("does not know the fieldPath of the CRD's validation rules")
        .doesNotContain("CEL rules at all");
  }

  @Test
  void allowed124SaysItsServerEnforcesNoCelRules() throws Exception {
    ServerCompatibility server = ServerCompatibility.check(SERVER, v(24), List.of(), true);

    assertThat(server.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("does not enforce CEL rules at all, the immutable fields included")
                    .contains("Failed/InvalidSpec"));
  }

  @Test
  void allowed125GoesWithoutThePodFailurePolicyAndSaysWhatIsLost() throws Exception {
    ServerCompatibility server = ServerCompatibility.check(SERVER, v(25), List.of(), true);

    assertThat(server.podFailurePolicy()).isFalse();
    assertThat(server.warnings()).hasSize(3);
    assertThat(server.warnings().get(2))
        .contains("no Job podFailurePolicy")
        .contains("retried up to runPolicy.backoffLimit")
        .contains("evictions and preemptions count against backoffLimit");
  }

  @Test
  void aMissingCrdIsRefusedWithHowToInstallIt() {
    assertThatThrownBy(
            () ->
                ServerCompatibility.check(
                    SERVER, v(30), List.of("trainingruns.plateau.dev/v1alpha1"), true))
        .hasMessage(
            "the API server at https://10.0.0.1:6443/ does not serve"
                + " trainingruns.plateau.dev/v1alpha1: install the CRDs (kubectl apply"
                + " --server-side -f crds/, or helm install the chart)");
  }

  @Test
  void aMissingBuiltInResourceIsRefused() {
    assertThatThrownBy(
            () ->
                ServerCompatibility.check(
                    SERVER, v(30), List.of("leases.coordination.k8s.io/v1"), false))
        .hasMessageEndingWith("does not serve leases.coordination.k8s.io/v1: Plateau needs it");
  }

  @Test
  void aServerThatDoesNotAnswerOrRefusesIsOneSentenceToo() {
    assertThat(
            PlateauOperator.unreachable(
                SERVER,
                new io.fabric8.kubernetes.client.KubernetesClientException(
                    "An error has occurred.", new java.nio.channels.UnresolvedAddressException())))
        .isEqualTo(
            "the API server at https://10.0.0.1:6443/ did not answer"
                + " (UnresolvedAddressException): run the operator in a cluster, or point"
                + " KUBECONFIG at one");
    assertThat(
            PlateauOperator.unreachable(
                SERVER,
                new io.fabric8.kubernetes.client.KubernetesClientException(
                    "Failure executing: GET at: https://10.0.0.1:6443/version.",
                    401,
                    new io.fabric8.kubernetes.api.model.StatusBuilder()
                        .withCode(401)
                        .withMessage("Unauthorized")
                        .build())))
        .isEqualTo(
            "the API server at https://10.0.0.1:6443/ answered 401: Unauthorized (check the"
                + " operator's ServiceAccount, or your kubeconfig's credentials)");
  }
}
