package dev.plateau.operator.dependent;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.TrainingRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The trainer config of a run as the operator renders it into {@code <run>-config}, and its hash
 * for the run's lineage.
 *
 * @param json the JSON the trainer reads
 * @param hash the first 16 hex digits of the JSON's SHA-256
 */
public record RenderedConfig(String json, String hash) {

  public static RenderedConfig of(TrainingRun run) {
    String json =
        ContractJson.write(TrainerConfig.fromSpec(run.getMetadata().getName(), run.getSpec()));
    return new RenderedConfig(json, sha256(json).substring(0, 16));
  }

  static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
