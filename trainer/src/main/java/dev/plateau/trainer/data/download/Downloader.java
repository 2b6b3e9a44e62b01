package dev.plateau.trainer.data.download;

import dev.plateau.trainer.InvalidInputException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTPS GET into a file, hashed on the way. Answers that cannot get better by retrying (404,
 * 403, a redirect away from https) are {@link InvalidInputException}s; everything else that goes
 * wrong (5xx, a connection cut off, a stall) is an {@link IOException}: the pod fails and the Job
 * tries again.
 */
final class Downloader {

  /** What was written: its SHA-256 in lowercase hex and its length. */
  record Download(String sha256, long bytes) {}

  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param timeout the longest wait for the response headers, and for the next bytes of the body
   */
  Downloader(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  Download fetch(URI uri, Path file) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    AtomicReference<ResponseInfo> head = new AtomicReference<>();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      HashingFileSubscriber body = new HashingFileSubscriber(out);
      CompletableFuture<HttpResponse<Long>> response =
          client.sendAsync(
              request,
              info -> {
                head.set(info);
                return info.statusCode() == 200 ? body : BodySubscribers.replacing(-1L);
              });
      HttpResponse<Long> done = await(uri, response, head, body);
      if (!"https".equalsIgnoreCase(done.uri().getScheme())) {
        throw new InvalidInputException(
            display(uri)
                + " was redirected to "
                + display(done.uri())
                + ", which is not https: refused");
      }
      OptionalLong length = done.headers().firstValueAsLong("Content-Length");
      if (length.isPresent() && length.getAsLong() != body.bytes()) {
        throw failed(uri, head.get(), body.bytes(), null);
      }
      out.force(true);
      return new Download(body.sha256(), body.bytes());
    }
  }

  private HttpResponse<Long> await(
      URI uri,
      CompletableFuture<HttpResponse<Long>> response,
      AtomicReference<ResponseInfo> head,
      HashingFileSubscriber body)
      throws IOException {
    try {
      while (true) {
        try {
          HttpResponse<Long> done = response.get(200, TimeUnit.MILLISECONDS);
          checkStatus(uri, done.statusCode(), done.headers().firstValue("Location").orElse(null));
          return done;
        } catch (TimeoutException e) {
          ResponseInfo info = head.get();
          if (info != null && info.statusCode() != 200) {
            // No need to read an error page to the end.
            response.cancel(true);
            checkStatus(uri, info.statusCode(), info.headers().firstValue("Location").orElse(null));
          }
          if (info != null && body.nanosSinceData() > timeout.toNanos()) {
            IOException stalled =
                new IOException(
                    "download of "
                        + display(uri)
                        + " stalled: no data for "
                        + timeout.toMillis()
                        + " ms after "
                        + body.bytes()
                        + " bytes");
            body.abort(stalled);
            response.cancel(true);
            throw stalled;
          }
        }
      }
    } catch (ExecutionException e) {
      throw failed(uri, head.get(), body.bytes(), e.getCause());
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of " + display(uri) + " interrupted");
    }
  }

  private static void checkStatus(URI uri, int status, String location) throws IOException {
    if (status == 200) {
      return;
    }
    String what = display(uri) + " answered HTTP " + status;
    if (status >= 300 && status < 400) {
      throw new InvalidInputException(
          what
              + (location == null ? "" : " to " + displayLocation(uri, location))
              + ": a redirect that is not followed (not https, or too many)");
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      throw new InvalidInputException(what + "; check dataset.files[].url");
    }
    throw new IOException(what + "; the download is retried when the pod restarts");
  }

  /** A retryable failure: no answer, or a body that broke off. */
  private static IOException failed(URI uri, ResponseInfo head, long received, Throwable cause) {
    String why = cause == null ? "" : ": " + cause;
    if (head == null) {
      return new IOException("download of " + display(uri) + " failed" + why, cause);
    }
    String of =
        head.headers().firstValueAsLong("Content-Length").stream()
            .mapToObj(length -> " of " + length)
            .findFirst()
            .orElse("");
    return new IOException(
        "download of " + display(uri) + " broke off after " + received + of + " bytes" + why,
        cause);
  }

  private static String displayLocation(URI uri, String location) {
    try {
      return display(uri.resolve(location));
    } catch (IllegalArgumentException e) {
      return "an invalid location";
    }
  }

  /** The url without user info and query, which may hold secrets (pre-signed object-store urls). */
  static String display(URI uri) {
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String shown = uri.getScheme() + "://" + uri.getHost() + port + uri.getRawPath();
    return uri.getRawQuery() == null ? shown : shown + "?...";
  }
}
