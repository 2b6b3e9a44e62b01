package dev.plateau.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * An API call the operator made for a run failed: which call ({@code creating Job team-a/x}) and
 * the API server's answer, kept whole (its HTTP code, its {@code Status}) so the run's Synced
 * condition can quote it without parsing any text.
 */
public final class ApiCallFailed extends RuntimeException {

  private final String action;
  private final transient KubernetesClientException cause;

  public ApiCallFailed(String action, KubernetesClientException cause) {
    super(action + " failed: " + serverMessage(cause), cause);
    this.action = action;
    this.cause = cause;
  }

  /** {@code <verb> <Kind> <namespace>/<name>}, e.g. {@code creating Job team-a/x}. */
  public static ApiCallFailed of(String verb, HasMetadata object, KubernetesClientException e) {
    return new ApiCallFailed(
        verb
            + " "
            + object.getKind()
            + " "
            + object.getMetadata().getNamespace()
            + "/"
            + object.getMetadata().getName(),
        e);
  }

  /** What the operator tried, e.g. {@code creating Job team-a/x}. */
  public String action() {
    return action;
  }

  /** The HTTP status code of the answer, or 0 when there was none (the server was not reached). */
  public int code() {
    return cause.getCode();
  }

  /**
   * The answer's {@code Status.reason} (Forbidden, AlreadyExists, Conflict, Invalid, InternalError,
   * ServiceUnavailable, TooManyRequests, ...), or null without one.
   */
  public String reason() {
    Status status = cause.getStatus();
    return status == null ? null : status.getReason();
  }

  /**
   * The API server's own words ({@code Status.message}); without a Status (no answer, or one that
   * is not a Status), the client's message with the cause that ended the call.
   */
  public static String serverMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      return status.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootMessage =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e ? rootMessage : e.getMessage() + " (" + rootMessage + ")";
  }
}
