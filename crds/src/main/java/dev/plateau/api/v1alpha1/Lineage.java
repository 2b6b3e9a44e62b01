package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What produced the run's model, so a result can be traced and reproduced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Lineage {

  @JsonPropertyDescription("The trainer image the Job runs.")
  private String image;

  @JsonPropertyDescription("Version of the operator that created the Job.")
  private String operatorVersion;

  @JsonPropertyDescription(
      "SHA-256 of the rendered trainer config (the <run>-config ConfigMap), first 16 hex"
          + " digits.")
  private String configHash;

  public Lineage() {}

  public Lineage(String image, String operatorVersion, String configHash) {
    this.image = image;
    this.operatorVersion = operatorVersion;
    this.configHash = configHash;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getOperatorVersion() {
    return operatorVersion;
  }

  public void setOperatorVersion(String operatorVersion) {
    this.operatorVersion = operatorVersion;
  }

  public String getConfigHash() {
    return configHash;
  }

  public void setConfigHash(String configHash) {
    this.configHash = configHash;
  }
}
