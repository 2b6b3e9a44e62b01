package dev.plateau.operator.dependent;

import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.ComputeResources;
import dev.plateau.api.v1alpha1.ResourcesSpec;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainer container's resources and what follows from them: the JVM heap and the CPU thread
 * count.
 *
 * <p>Heap rule: {@code -Xmx} is {@value #HEAP_PERCENT}% of the memory limit. The trainer's tensors,
 * the model and libtorch's own allocator live in native memory, outside the heap, so most of the
 * container's memory must stay free for them; the heap holds only the JVM's bookkeeping and batches
 * on their way in. Without a memory limit the JVM is told the same share of whatever memory it sees
 * ({@code -XX:MaxRAMPercentage}).
 */
public final class TrainerResources {

  public static final String GPU_RESOURCE = "nvidia.com/gpu";

  /** Share of the memory limit given to the JVM heap. */
  public static final int HEAP_PERCENT = 30;

  private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

  private TrainerResources() {}

  public static int gpus(TrainingRun run) {
    ResourcesSpec resources = run.getSpec().getResources();
    return resources == null ? ResourcesSpec.DEFAULT_GPUS : resources.gpusOrDefault();
  }

  /** Requests and limits of the trainer container, with the GPU limit when it asks for one. */
  public static ResourceRequirements requirements(TrainingRun run) {
    ResourcesSpec resources = run.getSpec().getResources();
    Map<String, Quantity> requests = quantities(resources == null ? null : resources.getRequests());
    Map<String, Quantity> limits = quantities(resources == null ? null : resources.getLimits());
    if (gpus(run) > 0) {
      limits.put(GPU_RESOURCE, new Quantity(Integer.toString(gpus(run))));
    }
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  /** The heap option for {@code JAVA_TOOL_OPTIONS}, by the rule in the class comment. */
  public static String heapOption(TrainingRun run) {
    ResourcesSpec resources = run.getSpec().getResources();
    Quantity memory =
        resources == null || resources.getLimits() == null
            ? null
            : resources.getLimits().getMemory();
    if (memory == null) {
      return "-XX:MaxRAMPercentage=" + HEAP_PERCENT;
    }
    BigDecimal bytes = Quantity.getAmountInBytes(memory);
    long mib =
        bytes
            .multiply(BigDecimal.valueOf(HEAP_PERCENT))
            .divide(BigDecimal.valueOf(100))
            .divide(MIB, 0, java.math.RoundingMode.FLOOR)
            .longValue();
    return "-Xmx" + Math.max(mib, 64) + "m";
  }

  /** Threads for libtorch and OpenMP: the CPU limit rounded up; null without a CPU limit. */
  public static Integer cpuThreads(TrainingRun run) {
    return TrainerConfig.fromSpec(run.getMetadata().getName(), run.getSpec()).getCpuThreads();
  }

  private static Map<String, Quantity> quantities(ComputeResources resources) {
    Map<String, Quantity> quantities = new LinkedHashMap<>();
    if (resources != null) {
      if (resources.getCpu() != null) {
        quantities.put("cpu", resources.getCpu());
      }
      if (resources.getMemory() != null) {
        quantities.put("memory", resources.getMemory());
      }
    }
    return quantities;
  }
}
