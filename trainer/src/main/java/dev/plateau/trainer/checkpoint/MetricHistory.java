package dev.plateau.trainer.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.EpochRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's metric history, {@code <run dir>/metrics.jsonl}: one {@link EpochRecord} per line, next
 * to the checkpoints, where users and scripts read it. Each line is written with one write and
 * forced to disk.
 *
 * <p>It is part of the run's state, not a progress report: the file is on the checkpoint volume,
 * and a volume that cannot take a line cannot be trusted with a checkpoint either. {@link #append}
 * throws an {@link IOException} with a message such as {@code cannot write
 * /checkpoints/fashion-mlp/metrics.jsonl: No space left on device}, which ends the run (exit code
 * 1).
 *
 * <p>A crash can leave a torn last line. {@link #readRecords} skips it, the first append of a
 * reporter removes it, and {@link #truncateAfter} rewrites the file for a resumed run.
 */
public final class MetricHistory {

  private static final Logger LOG = LoggerFactory.getLogger(MetricHistory.class);

  private final Path file;
  private boolean tailChecked;

  /** The history in the given file. */
  public MetricHistory(Path file) {
    this.file = file;
  }

  /** The history in {@code metrics.jsonl} of a run's checkpoint folder. */
  public static MetricHistory inRunDir(Path runDir) {
    return new MetricHistory(runDir.resolve(TrainerPaths.METRICS_FILE));
  }

  public Path file() {
    return file;
  }

  /**
   * Appends the record as one line.
   *
   * @throws IOException when the line cannot be written; the message names the file and the reason
   */
  public void append(EpochRecord record) throws IOException {
    byte[] line = (ContractJson.write(record) + "\n").getBytes(UTF_8);
    try {
      if (!tailChecked) {
        repairTornTail();
        tailChecked = true;
      }
      try (FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      }
    } catch (IOException e) {
      throw new IOException("cannot write " + file + ": " + reason(e), e);
    }
  }

  /**
   * The records of a metrics file, oldest first; none if it does not exist. A last line that is not
   * a whole record (the process died while writing it) is skipped.
   *
   * @throws IOException when the file cannot be read or a line before the last is not a record
   */
  public static List<EpochRecord> readRecords(Path file) throws IOException {
    return wholeLines(file).stream().map(Line::record).toList();
  }

  /**
   * Keeps the records up to and including {@code epoch}, for a run resumed after that epoch:
   * replaces the file atomically (temporary file, forced to disk, renamed), so a crash leaves the
   * old or the new file, never a mix. Lines are kept as they were written.
   */
  public static void truncateAfter(Path file, int epoch) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    replace(
        file,
        wholeLines(file).stream()
            .filter(line -> line.record().getEpoch() != null && line.record().getEpoch() <= epoch)
            .toList());
  }

  /** A file left by a crash mid-line must not glue the next record to the torn one. */
  private void repairTornTail() throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, channel.size() - 1);
      if (last.get(0) == '\n') {
        return;
      }
    }
    LOG.warn(
        "{} ends without a newline (the trainer stopped while writing it); keeping its whole records",
        file);
    replace(file, wholeLines(file));
  }

  /** A line of the file as written, and the record it holds. */
  private record Line(String text, EpochRecord record) {}

  /** The lines holding a record; a last line that does not parse is dropped as torn. */
  private static List<Line> wholeLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    // Decoded leniently: a torn tail may end inside a character.
    List<String> lines = new String(Files.readAllBytes(file), UTF_8).lines().toList();
    List<Line> whole = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        whole.add(new Line(text, ContractJson.read(text, EpochRecord.class)));
      } catch (IllegalArgumentException e) {
        if (i < lines.size() - 1) {
          throw new IOException(
              file + " line " + (i + 1) + " is not an epoch record: " + e.getMessage(), e);
        }
      }
    }
    return whole;
  }

  private static void replace(Path file, List<Line> lines) throws IOException {
    // Not Files.createTempFile: its owner-only permissions would replace the file's.
    Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      StringBuilder text = new StringBuilder();
      lines.forEach(line -> text.append(line.text()).append('\n'));
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(UTF_8));
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(file.toAbsolutePath().getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Makes the rename durable: on Linux a directory is forced like a file. */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (UnsupportedOperationException | FileSystemException e) {
      // Some systems (Windows) cannot open a directory; the rename is as durable as they allow.
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
