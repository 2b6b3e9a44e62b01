package dev.plateau.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the Synced condition says for each kind of answer the API server gives. */
class ReconcileErrorTest {

  static final Job JOB =
      new JobBuilder()
          .withNewMetadata()
          .withNamespace("team-a")
          .withName("x")
          .endMetadata()
          .build();
  static final ConfigMap CONFIG =
      new ConfigMapBuilder()
          .withNewMetadata()
          .withNamespace("team-a")
          .withName("x-config")
          .endMetadata()
          .build();

  static KubernetesClientException answer(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    return new KubernetesClientException(
        "Failure executing: POST at: https://10.0.0.1/apis/batch/v1/namespaces/team-a/jobs. Message: "
            + message,
        code,
        status);
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(
            "RBAC",
            answer(
                403,
                "Forbidden",
                "jobs.batch is forbidden: User \"system:serviceaccount:plateau-system:plateau\""
                    + " cannot create resource \"jobs\" in API group \"batch\" in the namespace"
                    + " \"team-a\""),
            "creating Job team-a/x failed: jobs.batch is forbidden: User"
                + " \"system:serviceaccount:plateau-system:plateau\" cannot create resource"
                + " \"jobs\" in API group \"batch\" in the namespace \"team-a\"",
            "Forbidden"),
        Arguments.of(
            "ResourceQuota",
            answer(
                403,
                "Forbidden",
                "jobs.batch \"x\" is forbidden: exceeded quota: gpu-quota, requested:"
                    + " requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited:"
                    + " requests.nvidia.com/gpu=4"),
            "creating Job team-a/x failed: jobs.batch \"x\" is forbidden: exceeded quota:"
                + " gpu-quota, requested: requests.nvidia.com/gpu=1, used:"
                + " requests.nvidia.com/gpu=4, limited: requests.nvidia.com/gpu=4",
            "Forbidden"),
        Arguments.of(
            "admission webhook",
            answer(
                400,
                "BadRequest",
                "admission webhook \"validate.kyverno.svc\" denied the request: pods must set"
                    + " a team label"),
            "creating Job team-a/x failed: admission webhook \"validate.kyverno.svc\" denied the"
                + " request: pods must set a team label",
            "BadRequest"),
        Arguments.of(
            "409 AlreadyExists",
            answer(409, "AlreadyExists", "jobs.batch \"x\" already exists"),
            "creating Job team-a/x failed: jobs.batch \"x\" already exists",
            "AlreadyExists"),
        Arguments.of(
            "422 Invalid",
            answer(
                422,
                "Invalid",
                "Job.batch \"x\" is invalid: spec.podFailurePolicy: Forbidden: not supported"),
            "creating Job team-a/x failed: Job.batch \"x\" is invalid: spec.podFailurePolicy:"
                + " Forbidden: not supported",
            "Invalid"),
        Arguments.of(
            "500 without a reason",
            answer(500, null, "Internal error occurred: etcdserver: request timed out"),
            "creating Job team-a/x failed: Internal error occurred: etcdserver: request timed out",
            "500"),
        Arguments.of(
            "503",
            answer(
                503, "ServiceUnavailable", "the server is currently unable to handle the request"),
            "creating Job team-a/x failed: the server is currently unable to handle the request",
            "ServiceUnavailable"),
        Arguments.of(
            "no answer",
            new KubernetesClientException(
                "Operation: [create] for kind: [Job] with name: [x] in namespace: [team-a] failed.",
                new ConnectException("Connection refused")),
            "creating Job team-a/x failed: Operation: [create] for kind: [Job] with name: [x] in"
                + " namespace: [team-a] failed. (Connection refused)",
            "Unreachable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void quotesTheCallAndTheApiServer(
      String name, KubernetesClientException answer, String message, String reason) {
    ReconcileError error = ReconcileError.of(ApiCallFailed.of("creating", JOB, answer));

    assertThat(error.message()).isEqualTo(message);
    assertThat(error.reason()).isEqualTo(reason);
  }

  @Test
  void aWorkflowThatFailsOnSeveralObjectsNamesEach() {
    Map<String, Exception> failures = new LinkedHashMap<>();
    failures.put(
        "config",
        ApiCallFailed.of(
            "creating", CONFIG, answer(403, "Forbidden", "configmaps is forbidden: no")));
    failures.put("job", ApiCallFailed.of("creating", JOB, answer(409, "AlreadyExists", "exists")));

    ReconcileError error =
        ReconcileError.of(
            new io.javaoperatorsdk.operator.OperatorException(
                "wrapped on the way out",
                new AggregatedOperatorException("workflow failed", failures)));

    assertThat(error.message())
        .isEqualTo(
            "creating ConfigMap team-a/x-config failed: configmaps is forbidden: no;"
                + " creating Job team-a/x failed: exists");
    assertThat(error.reason()).isEqualTo("Forbidden");
  }

  @Test
  void aFailureThatIsNoApiCallSaysWhatBroke() {
    ReconcileError error =
        ReconcileError.of(new IllegalStateException("wrapped", new NullPointerException("spec")));

    assertThat(error.message()).isEqualTo("reconciling failed: NullPointerException: spec");
    assertThat(error.reason()).isEqualTo(ReconcileError.OPERATOR_ERROR);
  }
}
