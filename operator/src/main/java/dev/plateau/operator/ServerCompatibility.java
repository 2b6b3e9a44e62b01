package dev.plateau.operator;

import dev.plateau.api.contract.KubernetesVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator does on the API server it found: run, run without what an older server lacks
 * (only when told to), or refuse with one sentence. A pure function of the server's version, the
 * resources it serves and {@code PLATEAU_ALLOW_OLD_KUBERNETES}.
 *
 * @param podFailurePolicy whether Jobs get their {@code podFailurePolicy}
 * @param warnings what is lost on this server, each said once at start
 */
public record ServerCompatibility(boolean podFailurePolicy, List<String> warnings) {

  /** The server cannot run Plateau as configured; the message says why and what to do. */
  public static final class Unsupported extends Exception {
    Unsupported(String message) {
      super(message);
    }
  }

  /**
   * @param server the API server's address, for the messages
   * @param version the version it reports
   * @param missing the API resources the operator needs that it does not serve, e.g. {@code
   *     trainingruns.plateau.dev/v1alpha1}
   * @param allowOld {@code PLATEAU_ALLOW_OLD_KUBERNETES}: run on a server older than {@link
   *     KubernetesVersion#MINIMUM}
   * @throws Unsupported when the server is too old (and that is not allowed) or lacks a resource
   */
  public static ServerCompatibility check(
      String server, KubernetesVersion version, List<String> missing, boolean allowOld)
      throws Unsupported {
    if (!missing.isEmpty()) {
      throw new Unsupported(
          "the API server at "
              + server
              + " does not serve "
              + String.join(", ", missing)
              + (missing.stream().anyMatch(m -> m.contains("plateau.dev"))
                  ? ": install the CRDs (kubectl apply --server-side -f crds/, or helm install the"
                      + " chart)"
                  : ": Plateau needs it"));
    }
    if (!version.isBefore(KubernetesVersion.MINIMUM)) {
      return new ServerCompatibility(true, List.of());
    }
    if (!allowOld) {
      throw new Unsupported(
          "the API server at "
              + server
              + " runs Kubernetes "
              + version
              + ", and Plateau needs "
              + KubernetesVersion.MINIMUM
              + " or newer (set PLATEAU_ALLOW_OLD_KUBERNETES=true, or the chart's"
              + " allowOldKubernetes, to run anyway without what "
              + version
              + " lacks)");
    }
    List<String> warnings = new ArrayList<>();
    warnings.add(
        "running on Kubernetes "
            + version
            + ", older than the "
            + KubernetesVersion.MINIMUM
            + " Plateau supports, because PLATEAU_ALLOW_OLD_KUBERNETES=true; untested there");
    warnings.add(
        "Kubernetes "
            + version
            + " does not know the fieldPath of the CRD's validation rules (from "
            + KubernetesVersion.MINIMUM
            + "): installing the CRD may drop them or be refused"
            + (version.isBefore(KubernetesVersion.CEL_RULES)
                ? ", and it does not enforce CEL rules at all, the immutable fields included;"
                    + " the operator still refuses an invalid spec with Failed/InvalidSpec"
                : ""));
    boolean podFailurePolicy = !version.isBefore(KubernetesVersion.POD_FAILURE_POLICY);
    if (!podFailurePolicy) {
      warnings.add(
          "Kubernetes "
              + version
              + " has no Job podFailurePolicy (on by default from "
              + KubernetesVersion.POD_FAILURE_POLICY
              + "): Jobs go without it, so invalid input (exit 2) and a non-finite metric (exit 3)"
              + " are retried up to runPolicy.backoffLimit instead of failing at once, and"
              + " evictions and preemptions count against backoffLimit");
    }
    return new ServerCompatibility(podFailurePolicy, List.copyOf(warnings));
  }
}
