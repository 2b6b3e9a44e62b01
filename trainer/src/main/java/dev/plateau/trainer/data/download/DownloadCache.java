package dev.plateau.trainer.data.download;

import dev.plateau.api.v1alpha1.DatasetFile;
import dev.plateau.trainer.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset files downloaded once into a cache on the checkpoint volume and verified before use.
 *
 * <p>Layout under the root: {@code blobs/<sha256>} holds verified content, named by its SHA-256. A
 * download goes to a temporary file beside it, is hashed on the way, forced to disk, and renamed to
 * its final name only when the hash matches, so a blob that exists is verified: it is reused
 * without a request and without hashing it again. A download that fails or does not match is
 * deleted and never used. {@code sets/<key>/<fileName>} links (hard links, or copies where the
 * volume has none) give each list of files the folder the data readers expect; the key is a hash of
 * the names and checksums, so two runs sharing a volume never see each other's names.
 *
 * <p>Errors: a wrong checksum, a refused url (not https, 404, 403, a redirect away from https) and
 * bad names are {@link InvalidInputException}s (exit 2, not retried); a failed or cut-off transfer
 * is an {@link IOException} (exit 1: the Job retries, and the next pod downloads again).
 */
public final class DownloadCache {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadCache.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  /** Longest wait for an answer, and for the next bytes of a body. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Path root;
  private final Downloader downloader;

  /** A cache under root that downloads with {@link #defaultClient()}. */
  public DownloadCache(Path root) {
    this(root, defaultClient(), DEFAULT_TIMEOUT);
  }

  /** A cache under root that downloads with the given client (e.g. one trusting a test CA). */
  public DownloadCache(Path root, HttpClient client) {
    this(root, client, DEFAULT_TIMEOUT);
  }

  public DownloadCache(Path root, HttpClient client, Duration timeout) {
    this.root = root;
    this.downloader = new Downloader(client, timeout);
  }

  /** Follows redirects except from https to http; gives up connecting after 30 s. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * A folder holding each file under its {@link DatasetFile#fileName()}, downloading only what the
   * cache does not hold yet.
   *
   * @throws InvalidInputException for a bad url, checksum or name, an answer like 404, or content
   *     that does not match its checksum
   * @throws IOException when a download fails in a way a later attempt may not (retryable)
   */
  public Path materialize(List<DatasetFile> files) throws IOException {
    Map<String, DatasetFile> byName = byName(files);
    Path blobs = root.resolve("blobs");
    Path set = root.resolve("sets").resolve(key(byName));
    Files.createDirectories(blobs);
    Files.createDirectories(set);
    for (Map.Entry<String, DatasetFile> entry : byName.entrySet()) {
      DatasetFile file = entry.getValue();
      Path blob = blobs.resolve(file.getSha256());
      if (Files.exists(blob)) {
        LOG.info("Using the verified copy of {} from the download cache", entry.getKey());
      } else {
        download(file, entry.getKey(), blob);
      }
      link(blob, set.resolve(entry.getKey()));
    }
    forceDirectory(set);
    return set;
  }

  private void download(DatasetFile file, String name, Path blob) throws IOException {
    URI uri = URI.create(file.getUrl());
    String expected = file.getSha256();
    deleteStaleParts(blob);
    Path part = blob.resolveSibling(expected + "." + UUID.randomUUID() + ".part");
    Files.createFile(part);
    try {
      LOG.info("Downloading {} into the download cache", Downloader.display(uri));
      Downloader.Download download = downloader.fetch(uri, part);
      if (!download.sha256().equals(expected)) {
        throw new InvalidInputException(
            Downloader.display(uri)
                + " does not match its sha256: expected "
                + expected
                + ", got "
                + download.sha256()
                + " ("
                + download.bytes()
                + " bytes); the download was discarded");
      }
      rename(part, blob);
      LOG.info("Verified {} ({} bytes, sha256 {})", name, download.bytes(), expected);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Idempotent: a blob already there has the same, verified content. */
  private static void rename(Path part, Path blob) throws IOException {
    try {
      Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileAlreadyExistsException | NoSuchFileException e) {
      if (!Files.exists(blob)) {
        throw e;
      }
    }
    forceDirectory(blob.getParent());
  }

  /** A part file left by a killed pod is never resumed: its content was never verified. */
  private static void deleteStaleParts(Path blob) throws IOException {
    try (DirectoryStream<Path> parts =
        Files.newDirectoryStream(blob.getParent(), blob.getFileName() + ".*.part")) {
      for (Path part : parts) {
        Files.deleteIfExists(part);
      }
    }
  }

  /** Hard link, or a copy (temporary file, forced, renamed) where the volume has no links. */
  private static void link(Path blob, Path target) throws IOException {
    if (Files.exists(target)) {
      return; // the set's key pins the content
    }
    try {
      Files.createLink(target, blob);
    } catch (FileAlreadyExistsException e) {
      // made by an earlier, interrupted attempt: same content
    } catch (UnsupportedOperationException | FileSystemException e) {
      Path copy = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        Files.copy(blob, copy);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        rename(copy, target);
      } finally {
        Files.deleteIfExists(copy);
      }
    }
  }

  /** Validates the list, sorted by file name; the same file listed twice counts once. */
  private static Map<String, DatasetFile> byName(List<DatasetFile> files) {
    Map<String, DatasetFile> byName = new TreeMap<>();
    for (DatasetFile file : files) {
      URI uri = httpsUri(file.getUrl());
      String sha256 = file.getSha256();
      if (sha256 == null || !SHA256.matcher(sha256).matches()) {
        throw new InvalidInputException(
            "dataset file " + Downloader.display(uri) + ": sha256 must be 64 lowercase hex digits");
      }
      String name = file.fileName();
      if (!FILE_NAME.matcher(name).matches()) {
        throw new InvalidInputException(
            "dataset file "
                + Downloader.display(uri)
                + ": cannot use '"
                + name
                + "' as a file name; give the file a name");
      }
      DatasetFile earlier = byName.putIfAbsent(name, file);
      if (earlier != null && !earlier.getSha256().equals(sha256)) {
        throw new InvalidInputException(
            "two dataset files are named " + name + " with different sha256; name them apart");
      }
    }
    return byName;
  }

  private static URI httpsUri(String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("dataset file url is not a valid url: " + e.getMessage());
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?..." : url;
      throw new InvalidInputException(
          "dataset file url " + shown + " is refused: only https urls are downloaded");
    }
    return uri;
  }

  private static String key(Map<String, DatasetFile> byName) {
    StringBuilder text = new StringBuilder();
    byName.forEach(
        (name, file) -> text.append(name).append(' ').append(file.getSha256()).append('\n'));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Makes renames and links durable: on Linux a directory is forced like a file. */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (UnsupportedOperationException | FileSystemException e) {
      // Some systems (Windows) cannot open a directory; the rename is as durable as they allow.
    }
  }
}
