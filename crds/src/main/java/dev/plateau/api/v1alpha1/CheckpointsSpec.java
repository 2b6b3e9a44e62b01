package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** Where the best and last checkpoints live. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.claimName) != has(self.size)",
    fieldPath = ".size",
    message =
        "set exactly one of claimName (an existing PVC) or size (a new PVC the operator"
            + " creates)")
@ValidationRule(
    value = "!has(self.storageClassName) || has(self.size)",
    fieldPath = ".storageClassName",
    message = "storageClassName applies only with size (a PVC the operator creates)")
@ValidationRule(
    value = "!has(self.claimName) || self.retain",
    fieldPath = ".retain",
    message =
        "retain: false applies only to a PVC the operator creates (size); an existing claim is"
            + " never deleted")
public class CheckpointsSpec {

  /** Default of {@code retain}. */
  public static final boolean DEFAULT_RETAIN = true;

  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of an existing PersistentVolumeClaim in the run's namespace for checkpoints. The"
          + " run writes under <claim>/<run name>/. Not with size.")
  private String claimName;

  @JsonPropertyDescription(
      "Size of a new PersistentVolumeClaim the operator creates for this run, e.g. 5Gi. Not"
          + " with claimName.")
  private Quantity size;

  @Size(max = 253)
  @JsonPropertyDescription(
      "Storage class of the PVC the operator creates. Default: the cluster's default class.")
  private String storageClassName;

  @Default("" + DEFAULT_RETAIN)
  @JsonPropertyDescription(
      "Keep the PVC the operator created when the run is deleted: it holds the model. When"
          + " false the PVC is deleted with the run. Default "
          + DEFAULT_RETAIN
          + ".")
  private Boolean retain;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public Quantity getSize() {
    return size;
  }

  public void setSize(Quantity size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public Boolean getRetain() {
    return retain;
  }

  /** {@code retain}, else its default. */
  public boolean retainOrDefault() {
    return retain == null ? DEFAULT_RETAIN : retain;
  }

  public void setRetain(Boolean retain) {
    this.retain = retain;
  }
}
