package dev.plateau.trainer.checkpoint;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A run's folder on the checkpoint volume, {@code <root>/<run name>/}, and the manifest naming the
 * run's UID. A folder left by another run of the same name (deleted and created again) is moved
 * aside, never resumed or overwritten.
 */
public final class RunDirectory {

  /** {@code run.json}: whose folder this is. */
  public record RunManifest(String runName, String runUid, String namespace, String createdAt) {}

  private RunDirectory() {}

  /**
   * Opens (creating if needed) the folder of the run with {@code runUid}.
   *
   * @param say where to tell the user that an older folder was moved aside
   * @return the run's folder, holding a manifest with {@code runUid}
   */
  public static Path open(
      Path root, String runName, String runUid, String namespace, Consumer<String> say)
      throws IOException {
    Path dir = root.resolve(runName);
    Optional<RunManifest> manifest = readManifest(dir);
    boolean occupied = Files.isDirectory(dir) && !isEmpty(dir);
    if (occupied && manifest.map(m -> runUid.equals(m.runUid())).orElse(false)) {
      return dir;
    }
    if (occupied) {
      String owner = manifest.map(RunManifest::runUid).orElse("unknown");
      Path aside = asideName(root, runName, owner);
      AtomicFiles.move(dir, aside);
      say.accept(
          dir + " held checkpoints of another run (uid " + owner + "); moved them to " + aside);
    }
    Files.createDirectories(dir);
    RunManifest mine = new RunManifest(runName, runUid, namespace, Instant.now().toString());
    AtomicFiles.write(
        dir.resolve(TrainerPaths.RUN_MANIFEST_FILE),
        out -> ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out, mine));
    return dir;
  }

  public static Optional<RunManifest> readManifest(Path dir) throws IOException {
    Path file = dir.resolve(TrainerPaths.RUN_MANIFEST_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(ContractJson.mapper().readValue(in, RunManifest.class));
    }
  }

  private static Path asideName(Path root, String runName, String owner) {
    String prefix = owner.replaceAll("[^A-Za-z0-9-]", "");
    prefix = prefix.substring(0, Math.min(8, prefix.length()));
    Path candidate = root.resolve(runName + "." + prefix);
    for (int i = 2; Files.exists(candidate); i++) {
      candidate = root.resolve(runName + "." + prefix + "-" + i);
    }
    return candidate;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.findAny().isEmpty();
    }
  }
}
