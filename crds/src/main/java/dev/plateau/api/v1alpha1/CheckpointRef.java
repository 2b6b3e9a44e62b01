package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a checkpoint lies: a folder inside a claim (or on the local disk for local runs). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointRef {

  @JsonPropertyDescription("The PersistentVolumeClaim holding the checkpoint.")
  private String claimName;

  @JsonPropertyDescription(
      "Folder of the checkpoint inside the claim, e.g. fashion-mlp/best (for local runs, a"
          + " folder on disk).")
  private String path;

  public CheckpointRef() {}

  public CheckpointRef(String claimName, String path) {
    this.claimName = claimName;
    this.path = path;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}
