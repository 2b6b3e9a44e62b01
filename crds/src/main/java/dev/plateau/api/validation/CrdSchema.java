package dev.plateau.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plateau.api.v1alpha1.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The TrainingRun CRD the build generated from the Java model, read from the classpath. */
public final class CrdSchema {

  /** Where fabric8's crd-generator writes the CRD, inside the crds jar. */
  public static final String RESOURCE = "/META-INF/fabric8/" + TrainingRun.CRD_NAME + "-v1.yml";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CrdSchema() {}

  /** The whole CustomResourceDefinition. */
  public static JsonNode crd() {
    try (InputStream in = CrdSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath: build the crds module");
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The openAPIV3Schema of the served version. */
  public static JsonNode openApiV3Schema() {
    for (JsonNode version : crd().path("spec").path("versions")) {
      if (TrainingRun.VERSION.equals(version.path("name").asText())) {
        return version.path("schema").path("openAPIV3Schema");
      }
    }
    throw new IllegalStateException("the CRD has no version " + TrainingRun.VERSION);
  }
}
