package dev.plateau.operator.status;

import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Why a pass over a run failed, for its Synced condition, its Event and the metric: every failed
 * API call the pass made (a workflow can fail on several dependents at once), each as {@code
 * <action> failed: <the API server's message>}, and a bounded label for the metric.
 *
 * @param message what failed, for people: the actions and the API server's words
 * @param reason the first failed call's {@code Status.reason} (e.g. Forbidden), its HTTP code when
 *     the answer had no reason, {@code Unreachable} when no answer came, or {@code OperatorError}
 *     for a failure that was no API call (a bug)
 */
public record ReconcileError(String message, String reason) {

  /** The reason of a failure that was no API call. */
  public static final String OPERATOR_ERROR = "OperatorError";

  /** The reason of a call that got no answer. */
  public static final String UNREACHABLE = "Unreachable";

  public static ReconcileError of(Throwable failure) {
    List<Throwable> failures = new ArrayList<>();
    AggregatedOperatorException aggregated = aggregatedIn(failure);
    if (aggregated != null && !aggregated.getAggregatedExceptions().isEmpty()) {
      failures.addAll(aggregated.getAggregatedExceptions().values());
    } else {
      failures.add(failure);
    }
    Set<String> messages = new LinkedHashSet<>();
    String reason = null;
    for (Throwable f : failures) {
      ApiCallFailed call = find(f);
      if (call != null) {
        messages.add(call.getMessage());
        if (reason == null) {
          reason = reasonOf(call);
        }
      } else {
        messages.add("reconciling failed: " + describe(f));
        if (reason == null) {
          reason = OPERATOR_ERROR;
        }
      }
    }
    return new ReconcileError(String.join("; ", messages), reason);
  }

  private static String reasonOf(ApiCallFailed call) {
    if (call.reason() != null && !call.reason().isBlank()) {
      return call.reason();
    }
    return call.code() > 0 ? Integer.toString(call.code()) : UNREACHABLE;
  }

  /** The workflow's failures, however JOSDK wrapped them on the way out. */
  private static AggregatedOperatorException aggregatedIn(Throwable f) {
    for (Throwable t = f; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AggregatedOperatorException aggregated) {
        return aggregated;
      }
    }
    return null;
  }

  private static ApiCallFailed find(Throwable f) {
    for (Throwable t = f; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApiCallFailed call) {
        return call;
      }
    }
    return null;
  }

  private static String describe(Throwable f) {
    Throwable root = f;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
