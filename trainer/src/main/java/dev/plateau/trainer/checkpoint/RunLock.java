package dev.plateau.trainer.checkpoint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one process that may write a run's folder: an exclusive lock on {@code <root>/.<run
 * name>.lock} (next to the folder, which may be moved aside), held until the process ends. The file
 * names the holder (process and start time) for whoever finds it taken.
 */
public final class RunLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock, waiting up to {@code wait} for another holder to end.
   *
   * @return the lock, or the holder's description when it stayed taken
   */
  public static Taken acquire(Path root, String runName, Duration wait) throws IOException {
    Files.createDirectories(root);
    Path file = root.resolve("." + runName + ".lock");
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock != null) {
        String holder =
            "process "
                + ManagementFactory.getRuntimeMXBean().getPid()
                + " on "
                + hostName()
                + ", since "
                + Instant.now();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new Taken(Optional.of(new RunLock(channel, lock)), null);
      }
      if (System.nanoTime() >= deadline) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        return new Taken(Optional.empty(), holder.isEmpty() ? "another process" : holder);
      }
      try {
        Thread.sleep(Math.min(1000, Math.max(1, wait.toMillis() / 4)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        channel.close();
        return new Taken(Optional.empty(), "another process (interrupted while waiting)");
      }
    }
  }

  /**
   * The outcome of {@link #acquire}.
   *
   * @param lock the lock when taken
   * @param holder who holds it otherwise, e.g. {@code process 4242 on host-a, since 2026-...}
   */
  public record Taken(Optional<RunLock> lock, String holder) {}

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
