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
    if (occupied && holdsOnlyItsManifest(dir)) {
      // A start that failed before its first checkpoint: nothing to keep.
      Files.delete(dir.resolve(TrainerPaths.RUN_MANIFEST_FILE));
      occupied = false;
    }
    if (occupied) {
      String owner = manifest.map(RunManifest::runUid).orElse("unknown");
      Path aside = asideName(root, runName, manifest.map(RunManifest::createdAt).orElse(null));
      AtomicFiles.move(dir, aside);
      say.accept(
          dir
              + " held "
              + (kind(aside) == Kind.FINISHED ? "a finished run" : "checkpoints of another run")
              + " (uid "
              + owner
              + "); moved it to "
              + aside);
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

  /** What a run folder holds, for deciding whether a new start may set it aside. */
  public enum Kind {
    /** Nothing to keep: no folder, or a start that failed before its first checkpoint. */
    NONE,
    /** A {@code last/} checkpoint of a run that has not ended: {@code --resume} continues it. */
    UNFINISHED,
    /** A run that ended: its {@code result.json} is written. */
    FINISHED
  }

  /** What {@code dir} holds. */
  public static Kind kind(Path dir) {
    if (Files.isRegularFile(dir.resolve(TrainerPaths.RESULT_FILE))) {
      return Kind.FINISHED;
    }
    if (Files.isDirectory(dir.resolve(TrainerPaths.LAST_DIR))) {
      return Kind.UNFINISHED;
    }
    return Kind.NONE;
  }

  private static boolean holdsOnlyItsManifest(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.allMatch(p -> p.getFileName().toString().equals(TrainerPaths.RUN_MANIFEST_FILE));
    }
  }

  private static final java.time.format.DateTimeFormatter ASIDE =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
          .withZone(java.time.ZoneOffset.UTC);

  /** {@code <name>.<start time of the old run, UTC>}, e.g. {@code fashion-mlp.20261130-141503}. */
  private static Path asideName(Path root, String runName, String createdAt) {
    Instant started;
    try {
      started = createdAt == null ? Instant.now() : Instant.parse(createdAt);
    } catch (java.time.format.DateTimeParseException e) {
      started = Instant.now();
    }
    String stamp = ASIDE.format(started);
    Path candidate = root.resolve(runName + "." + stamp);
    for (int i = 2; Files.exists(candidate); i++) {
      candidate = root.resolve(runName + "." + stamp + "-" + i);
    }
    return candidate;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.findAny().isEmpty();
    }
  }
}
