package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;

/** CPU and memory of the trainer container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeResources {

  @JsonPropertyDescription("CPU, e.g. 2 or 500m.")
  private Quantity cpu;

  @JsonPropertyDescription("Memory, e.g. 8Gi.")
  private Quantity memory;

  public ComputeResources() {}

  public ComputeResources(Quantity cpu, Quantity memory) {
    this.cpu = cpu;
    this.memory = memory;
  }

  public Quantity getCpu() {
    return cpu;
  }

  public void setCpu(Quantity cpu) {
    this.cpu = cpu;
  }

  public Quantity getMemory() {
    return memory;
  }

  public void setMemory(Quantity memory) {
    this.memory = memory;
  }
}
