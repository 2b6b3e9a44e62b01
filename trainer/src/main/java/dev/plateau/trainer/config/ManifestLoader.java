package dev.plateau.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingSweep;
import dev.plateau.api.validation.CrdValidator;
import dev.plateau.api.validation.Violation;
import dev.plateau.trainer.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a TrainingRun manifest for a local run and checks it exactly as the API server would (the
 * CRD's defaults, schema and CEL rules), so a manifest that runs locally also applies.
 */
public final class ManifestLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ManifestLoader() {}

  /** The file's one TrainingRun, defaulted and validated. */
  public static TrainingRun load(Path file) {
    return load(file, TrainingRun.KIND, "plateau run trains one", CrdValidator.trainingRuns())
        .convert(TrainingRun.class);
  }

  /** The file's one TrainingSweep, defaulted and validated. */
  public static TrainingSweep loadSweep(Path file) {
    return load(file, TrainingSweep.KIND, "plateau sweep runs one", CrdValidator.trainingSweeps())
        .convert(TrainingSweep.class);
  }

  private record Loaded(JsonNode defaulted) {
    <T> T convert(Class<T> type) {
      return ContractJson.mapper().convertValue(defaulted, type);
    }
  }

  private static Loaded load(Path file, String kind, String onlyOne, CrdValidator validator) {
    JsonNode manifest = theOneOfKind(file, kind, onlyOne);
    List<Violation> violations = validator.validateCreate(manifest);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(
          file
              + " is not a valid "
              + kind
              + ":\n"
              + violations.stream()
                  .map(v -> "  " + v.forPeople())
                  .collect(Collectors.joining("\n")));
    }
    return new Loaded(validator.withDefaults(manifest));
  }

  /**
   * The file's one document of {@code kind}. Several are refused rather than one trained and the
   * others dropped; one of another API version is named as such.
   */
  private static JsonNode theOneOfKind(Path file, String kind, String onlyOne) {
    try (var parser = YAML.getFactory().createParser(Files.readString(file))) {
      List<JsonNode> runs = new java.util.ArrayList<>();
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (doc != null && kind.equals(doc.path("kind").asText())) {
          runs.add(doc);
        }
      }
      if (runs.size() > 1) {
        throw new InvalidInputException(
            file
                + " holds "
                + runs.size()
                + " "
                + kind
                + "s ("
                + runs.stream()
                    .map(r -> r.path("metadata").path("name").asText("?"))
                    .collect(Collectors.joining(", "))
                + "); "
                + onlyOne
                + ": put each in a file of its own");
      }
      if (runs.size() == 1) {
        String apiVersion = runs.get(0).path("apiVersion").asText("");
        String expected = TrainingRun.GROUP + "/" + TrainingRun.VERSION;
        if (!expected.equals(apiVersion)) {
          throw new InvalidInputException(
              file
                  + ": apiVersion is '"
                  + apiVersion
                  + "'; a "
                  + kind
                  + " of this Plateau is apiVersion: "
                  + expected);
        }
        return runs.get(0);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException(file + " is not valid YAML: " + e.getMessage(), e);
    }
    throw new InvalidInputException(
        file
            + " holds no document of kind: "
            + kind
            + (kind.equals(TrainingSweep.KIND)
                ? " (plateau run trains a TrainingRun)"
                : " (plateau sweep runs a TrainingSweep)"));
  }
}
