package dev.plateau.trainer.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.plateau.api.v1alpha1.DatasetFile;
import dev.plateau.trainer.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownloadCacheIT {

  private static final byte[] IMAGES = generated(200_000, 1);
  private static final byte[] LABELS = generated(1_000, 2);

  private static SSLContext ssl;

  @TempDir Path root;
  private LoopbackHttpsServer server;

  @BeforeAll
  static void makeCertificate(@TempDir Path keys) throws Exception {
    ssl = LoopbackHttpsServer.selfSigned(keys);
  }

  @BeforeEach
  void startServer() throws IOException {
    server = new LoopbackHttpsServer(ssl);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void downloadsOnceThenReusesTheVerifiedCopyWithoutARequest() throws IOException {
    server.serveBytes("/fm/train-images-idx3-ubyte.gz", IMAGES);
    server.serveBytes("/fm/train-labels-idx1-ubyte.gz", LABELS);
    List<DatasetFile> files =
        List.of(
            file("/fm/train-images-idx3-ubyte.gz", IMAGES),
            file("/fm/train-labels-idx1-ubyte.gz", LABELS));

    Path first = cache().materialize(files);
    Path second = cache().materialize(files);

    assertThat(second).isEqualTo(first);
    assertThat(first.resolve("train-images-idx3-ubyte.gz")).hasBinaryContent(IMAGES);
    assertThat(first.resolve("train-labels-idx1-ubyte.gz")).hasBinaryContent(LABELS);
    assertThat(server.requests("/fm/train-images-idx3-ubyte.gz")).isEqualTo(1);
    assertThat(server.requests("/fm/train-labels-idx1-ubyte.gz")).isEqualTo(1);
    assertThat(cachedFiles()).noneMatch(f -> f.toString().endsWith(".part"));
  }

  @Test
  void aFileGetsItsGivenNameAndListsShareDownloads() throws IOException {
    server.serveBytes("/blob", IMAGES);
    DatasetFile named = file("/blob", IMAGES);
    named.setName("train-images-idx3-ubyte.gz");
    server.serveBytes("/other", LABELS);

    Path one = cache().materialize(List.of(named));
    Path two = cache().materialize(List.of(named, file("/other", LABELS)));

    assertThat(one).isNotEqualTo(two);
    assertThat(two.resolve("train-images-idx3-ubyte.gz")).hasBinaryContent(IMAGES);
    assertThat(two.resolve("other")).hasBinaryContent(LABELS);
    assertThat(server.requests("/blob")).isEqualTo(1);
  }

  @Test
  void aWrongChecksumIsInvalidInputAndNothingIsKept() {
    server.serveBytes("/images.gz", IMAGES);
    DatasetFile wrong = new DatasetFile(server.url("/images.gz"), sha256(LABELS));

    assertThatThrownBy(() -> cache().materialize(List.of(wrong)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(server.url("/images.gz"))
        .hasMessageContaining("expected " + sha256(LABELS))
        .hasMessageContaining("got " + sha256(IMAGES));
    assertThat(cachedFiles()).isEmpty();

    // Asked again, it downloads again: a file that failed verification is never used.
    assertThatThrownBy(() -> cache().materialize(List.of(wrong)))
        .isInstanceOf(InvalidInputException.class);
    assertThat(server.requests("/images.gz")).isEqualTo(2);
  }

  @Test
  void aCutOffDownloadIsRetryableAndLeavesNothingUsable() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    byte[] content = Arrays.copyOf(IMAGES, 1000);
    server.serve(
        "/cut.gz",
        exchange -> {
          if (calls.incrementAndGet() == 1) {
            exchange.sendResponseHeaders(200, 1000);
            OutputStream out = exchange.getResponseBody();
            out.write(content, 0, 100);
            out.flush();
            throw new IOException("test server hangs up after 100 of 1000 bytes");
          }
          LoopbackHttpsServer.send(exchange, 200, content);
        });
    List<DatasetFile> files = List.of(file("/cut.gz", content));

    assertThatThrownBy(() -> cache().materialize(files))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(server.url("/cut.gz"))
        .hasMessageContaining("100 of 1000 bytes");
    assertThat(cachedFiles()).isEmpty();

    Path folder = cache().materialize(files);
    assertThat(folder.resolve("cut.gz")).hasBinaryContent(content);
  }

  @Test
  void aStalledDownloadFailsRetryably() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    server.serve(
        "/stall.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, 1000);
          OutputStream out = exchange.getResponseBody();
          out.write(new byte[100]);
          out.flush();
          awaitQuietly(release);
        });
    DownloadCache cache = new DownloadCache(root, server.client(), Duration.ofMillis(500));
    try {
      assertThatThrownBy(() -> cache.materialize(List.of(file("/stall.gz", new byte[1000]))))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(InvalidInputException.class)
          .hasMessageContaining(server.url("/stall.gz"));
      assertThat(cachedFiles()).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 403, 410})
  void aMissingOrForbiddenFileIsInvalidInput(int status) {
    server.serve(
        "/gone.gz", exchange -> LoopbackHttpsServer.send(exchange, status, "no".getBytes()));

    assertThatThrownBy(() -> cache().materialize(List.of(file("/gone.gz", IMAGES))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(server.url("/gone.gz"))
        .hasMessageContaining("HTTP " + status);
    assertThat(cachedFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 429})
  void aServerErrorIsRetryable(int status) {
    server.serve("/busy.gz", exchange -> LoopbackHttpsServer.send(exchange, status, new byte[0]));

    assertThatThrownBy(() -> cache().materialize(List.of(file("/busy.gz", IMAGES))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP " + status);
  }

  @Test
  void redirectsAreFollowedWithinHttps() throws IOException {
    server.serveBytes("/new/labels.gz", LABELS);
    server.serve("/old/labels.gz", exchange -> redirect(exchange, server.url("/new/labels.gz")));

    Path folder = cache().materialize(List.of(file("/old/labels.gz", LABELS)));

    assertThat(folder.resolve("labels.gz")).hasBinaryContent(LABELS);
  }

  @Test
  void aRedirectToPlainHttpIsRefused() {
    String http = "http://127.0.0.1:" + server.port() + "/labels.gz";
    server.serve("/labels.gz", exchange -> redirect(exchange, http));

    assertThatThrownBy(() -> cache().materialize(List.of(file("/labels.gz", LABELS))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("HTTP 302");
    assertThat(server.requests("/labels.gz")).isEqualTo(1);
  }

  @Test
  void onlyHttpsUrlsAreDownloaded() {
    server.serveBytes("/labels.gz", LABELS);
    String http = "http://127.0.0.1:" + server.port() + "/labels.gz";

    assertThatThrownBy(() -> cache().materialize(List.of(new DatasetFile(http, sha256(LABELS)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(http)
        .hasMessageContaining("only https");
    assertThat(server.requests("/labels.gz")).isZero();
  }

  @Test
  void badChecksumsAndClashingNamesAreInvalidInput() {
    DatasetFile upper = new DatasetFile(server.url("/a.gz"), sha256(LABELS).toUpperCase());
    assertThatThrownBy(() -> cache().materialize(List.of(upper)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("64 lowercase hex digits");

    DatasetFile one = file("/x/data.gz", LABELS);
    DatasetFile two = file("/y/data.gz", IMAGES);
    assertThatThrownBy(() -> cache().materialize(List.of(one, two)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("data.gz");

    DatasetFile noName = file("/dir/", LABELS);
    assertThatThrownBy(() -> cache().materialize(List.of(noName)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("give the file a name");
  }

  private DownloadCache cache() {
    return new DownloadCache(root, server.client(), Duration.ofSeconds(30));
  }

  private DatasetFile file(String path, byte[] content) {
    return new DatasetFile(server.url(path), sha256(content));
  }

  private List<Path> cachedFiles() {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] generated(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
