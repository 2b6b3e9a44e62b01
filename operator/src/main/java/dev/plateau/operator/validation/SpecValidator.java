package dev.plateau.operator.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.v1alpha1.ComputeResources;
import dev.plateau.api.v1alpha1.ResourcesSpec;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.validation.CrdValidator;
import dev.plateau.api.validation.Violation;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decides whether a run can be started as written. First the CRD's own schema, defaults and CEL
 * rules (the API server checked them already, but an older CRD or a server without validation may
 * not have), then what the schema cannot express. A run with violations gets {@code
 * Failed/InvalidSpec} and nothing is created for it.
 */
public final class SpecValidator {

  /** Below this the trainer's JVM and libtorch do not fit. */
  public static final Quantity MIN_MEMORY_LIMIT = new Quantity("512Mi");

  private final CrdValidator schema = CrdValidator.trainingRuns();

  /** Every reason the run cannot start; empty when it can. */
  public List<Violation> validate(TrainingRun run) {
    ObjectNode manifest = ContractJson.mapper().valueToTree(run);
    manifest.remove("status");
    List<Violation> violations = schema.validateCreate(manifest);
    if (!violations.isEmpty()) {
      return violations;
    }
    return semantic(run);
  }

  private static List<Violation> semantic(TrainingRun run) {
    List<Violation> violations = new ArrayList<>();
    ResourcesSpec resources = run.getSpec().getResources();
    if (resources == null) {
      return violations;
    }
    ComputeResources requests = resources.getRequests();
    ComputeResources limits = resources.getLimits();
    requestWithinLimit(violations, "cpu", requests, limits, ComputeResources::getCpu);
    requestWithinLimit(violations, "memory", requests, limits, ComputeResources::getMemory);
    if (limits != null
        && limits.getMemory() != null
        && less(limits.getMemory(), MIN_MEMORY_LIMIT)) {
      violations.add(
          new Violation(
              "spec.resources.limits.memory",
              limits.getMemory()
                  + " is too little: the trainer's JVM and libtorch need at least "
                  + MIN_MEMORY_LIMIT));
    }
    return violations;
  }

  private static void requestWithinLimit(
      List<Violation> violations,
      String resource,
      ComputeResources requests,
      ComputeResources limits,
      Function<ComputeResources, Quantity> get) {
    Quantity request = requests == null ? null : get.apply(requests);
    Quantity limit = limits == null ? null : get.apply(limits);
    if (request != null && limit != null && less(limit, request)) {
      violations.add(
          new Violation(
              "spec.resources.requests." + resource,
              request
                  + " is more than limits."
                  + resource
                  + " ("
                  + limit
                  + "): a request may not exceed its limit"));
    }
  }

  private static boolean less(Quantity a, Quantity b) {
    BigDecimal left = Quantity.getAmountInBytes(a);
    BigDecimal right = Quantity.getAmountInBytes(b);
    return left.compareTo(right) < 0;
  }
}
