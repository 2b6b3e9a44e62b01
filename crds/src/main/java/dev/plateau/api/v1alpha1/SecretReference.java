package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret in the run's namespace, by name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  public SecretReference() {}

  public SecretReference(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
