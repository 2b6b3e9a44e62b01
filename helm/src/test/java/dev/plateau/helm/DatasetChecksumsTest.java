package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The Fashion-MNIST SHA-256 in the examples are those of the upstream files, and the examples agree
 * with each other.
 */
class DatasetChecksumsTest {

  static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
  static final Path DEBIAN_README = Path.of("/usr/share/doc/dataset-fashion-mnist/README.md.gz");

  /**
   * The upstream gzip headers' modification times. Debian's dataset-fashion-mnist keeps the
   * upstream deflate streams but normalises the header (no file name, its own time), so its files'
   * SHA-256 differ from upstream; with these restored the bytes are upstream's again.
   */
  static final Map<String, Integer> UPSTREAM_MTIME =
      Map.of(
          "train-images-idx3-ubyte.gz", 1504176606,
          "train-labels-idx1-ubyte.gz", 1504176606,
          "t10k-images-idx3-ubyte.gz", 1504176627,
          "t10k-labels-idx1-ubyte.gz", 1504176627);

  @Test
  void theLoaderJobAndTheDownloadingRunCheckTheSameFourFiles() {
    Map<String, String> loader =
        pairs(Repo.read("examples/dataset-pvc.yaml"), "([0-9a-f]{64}) (\\S+\\.gz)", 2, 1);
    Map<String, String> download =
        pairs(
            Repo.read("examples/fashion-mnist-download.yaml"),
            "url: \\S+/(\\S+\\.gz)\\s+sha256: ([0-9a-f]{64})",
            1,
            2);
    assertThat(loader).hasSize(4).isEqualTo(download);
    assertThat(loader.keySet()).isEqualTo(UPSTREAM_MTIME.keySet());
  }

  @Test
  void theyAreTheSha256OfTheUpstreamFiles() throws Exception {
    assumeTrue(
        Files.exists(DEBIAN_README) && Files.exists(DEBIAN.resolve("t10k-labels-idx1-ubyte.gz")),
        "Debian's dataset-fashion-mnist is not installed: upstream checksums not re-derived");
    // The MD5 the Fashion-MNIST README publishes (Debian ships the README).
    String readme = gunzip(DEBIAN_README);
    Map<String, String> md5 = pairs(readme, "`(\\S+\\.gz)`.*?`([0-9a-f]{32})`", 1, 2);
    Map<String, String> sha256 =
        pairs(Repo.read("examples/dataset-pvc.yaml"), "([0-9a-f]{64}) (\\S+\\.gz)", 2, 1);
    for (String file : UPSTREAM_MTIME.keySet()) {
      byte[] upstream = upstreamBytes(file);
      assertThat(hex("MD5", upstream)).as("MD5 of %s", file).isEqualTo(md5.get(file));
      assertThat(hex("SHA-256", upstream)).as("SHA-256 of %s", file).isEqualTo(sha256.get(file));
    }
  }

  /** Debian's file with the upstream header: FNAME flag, upstream mtime, original file name. */
  static byte[] upstreamBytes(String file) throws IOException {
    byte[] debian = Files.readAllBytes(DEBIAN.resolve(file));
    assertThat(debian[3]).as("Debian's gzip header has no flags").isZero();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 8});
    out.write(
        ByteBuffer.allocate(4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(UPSTREAM_MTIME.get(file))
            .array());
    out.write(debian, 8, 2); // extra flags, OS
    out.write(file.substring(0, file.length() - 3).getBytes(StandardCharsets.ISO_8859_1));
    out.write(0);
    out.write(debian, 10, debian.length - 10);
    return out.toByteArray();
  }

  private static Map<String, String> pairs(String text, String regex, int key, int value) {
    Map<String, String> pairs = new TreeMap<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      pairs.put(m.group(key), m.group(value));
    }
    return pairs;
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  private static String gunzip(Path path) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
