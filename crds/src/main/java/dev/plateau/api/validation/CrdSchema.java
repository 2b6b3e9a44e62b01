package dev.plateau.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingSweep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The CRDs the build generated from the Java model, read from the classpath. */
public final class CrdSchema {

  /** Where fabric8's crd-generator writes the CRD, inside the crds jar. */
  public static final String RESOURCE = "/META-INF/fabric8/" + TrainingRun.CRD_NAME + "-v1.yml";

  /** The TrainingSweep CRD, beside it. */
  public static final String SWEEP_RESOURCE =
      "/META-INF/fabric8/" + TrainingSweep.CRD_NAME + "-v1.yml";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CrdSchema() {}

  /** The whole TrainingRun CustomResourceDefinition. */
  public static JsonNode crd() {
    return crd(RESOURCE);
  }

  /** The whole CustomResourceDefinition at {@code resource}. */
  public static JsonNode crd(String resource) {
    try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is not on the classpath: build the crds module");
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The openAPIV3Schema of the TrainingRun CRD's served version. */
  public static JsonNode openApiV3Schema() {
    return openApiV3Schema(RESOURCE);
  }

  /** The openAPIV3Schema of the served version of the CRD at {@code resource}. */
  public static JsonNode openApiV3Schema(String resource) {
    for (JsonNode version : crd(resource).path("spec").path("versions")) {
      if (TrainingRun.VERSION.equals(version.path("name").asText())) {
        return version.path("schema").path("openAPIV3Schema");
      }
    }
    throw new IllegalStateException("the CRD has no version " + TrainingRun.VERSION);
  }
}
