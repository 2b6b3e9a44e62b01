package dev.plateau.trainer.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a crash at any moment leaves either the old or the new content, never a torn
 * file: write a temporary file in the same folder, flush it to disk, rename it over the target,
 * flush the folder. IO errors propagate.
 */
public final class AtomicFiles {

  /** Code that writes a file's content. */
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Called between the steps of a checkpoint write; tests make it throw to simulate a crash there.
   */
  public interface StepHook {
    StepHook NONE = step -> {};

    void reached(String step) throws IOException;
  }

  static final String TEMP_PREFIX = ".tmp-";

  private AtomicFiles() {}

  /** Replaces {@code target} with what {@code writer} writes, atomically. */
  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        writer.write(out);
      }
      force(temp);
      move(temp, target);
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Renames {@code source} over {@code target} atomically and flushes the folder. */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + source + " to " + target + " atomically: " + e.getMessage(), e);
    }
  }

  /** Flushes a file's content to the device. */
  public static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Flushes a folder's entries (the rename) to the device where the platform allows it. */
  public static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (not Linux) cannot open a folder for syncing; the rename is still atomic.
      if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
        throw e;
      }
    }
  }

  /** Deletes temporary files a crash left behind in {@code dir}. */
  public static void removeLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var list = Files.list(dir)) {
      for (Path p : list.toList()) {
        if (p.getFileName().toString().startsWith(TEMP_PREFIX)) {
          deleteRecursively(p);
        }
      }
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (var list = Files.list(path)) {
        for (Path p : list.toList()) {
          deleteRecursively(p);
        }
      }
    }
    Files.deleteIfExists(path);
  }
}
