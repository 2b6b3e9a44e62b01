package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What the trainer pod asks for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourcesSpec {

  /** Default of {@code gpus}. */
  public static final int DEFAULT_GPUS = 0;

  @Default("" + DEFAULT_GPUS)
  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "NVIDIA GPUs for the trainer (0 or 1). With 1 the pod asks for nvidia.com/gpu and the"
          + " trainer fails with InvalidInput if no GPU is visible; with 0 it trains on the"
          + " CPU. Default "
          + DEFAULT_GPUS
          + ".")
  private Integer gpus;

  @JsonPropertyDescription("CPU and memory the trainer is guaranteed.")
  private ComputeResources requests;

  @JsonPropertyDescription(
      "CPU and memory the trainer may use at most. The JVM heap is sized from the memory"
          + " limit (leaving room for libtorch) and the trainer's thread count from the CPU"
          + " limit.")
  private ComputeResources limits;

  public Integer getGpus() {
    return gpus;
  }

  /** {@code gpus}, else its default. */
  public int gpusOrDefault() {
    return gpus == null ? DEFAULT_GPUS : gpus;
  }

  public void setGpus(Integer gpus) {
    this.gpus = gpus;
  }

  public ComputeResources getRequests() {
    return requests;
  }

  public void setRequests(ComputeResources requests) {
    this.requests = requests;
  }

  public ComputeResources getLimits() {
    return limits;
  }

  public void setLimits(ComputeResources limits) {
    this.limits = limits;
  }
}
