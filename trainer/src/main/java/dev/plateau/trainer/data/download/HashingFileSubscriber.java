package dev.plateau.trainer.data.download;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body to a file while hashing it, so the file is read once, and remembers when
 * data last came so a stalled download can be told from a slow one. The body is the byte count.
 */
final class HashingFileSubscriber implements BodySubscriber<Long> {

  private final FileChannel out;
  private final MessageDigest digest;
  private final CompletableFuture<Long> body = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private volatile long bytes;
  private volatile long lastDataNanos = System.nanoTime();

  HashingFileSubscriber(FileChannel out) {
    this.out = out;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    // The body starts now: time spent waiting for the headers is not a stall.
    lastDataNanos = System.nanoTime();
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    try {
      for (ByteBuffer buffer : buffers) {
        digest.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
          bytes += out.write(buffer);
        }
      }
    } catch (IOException e) {
      abort(e);
      return;
    }
    lastDataNanos = System.nanoTime();
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(bytes);
  }

  @Override
  public CompletionStage<Long> getBody() {
    return body;
  }

  /** Stops the transfer; the body completes with the error. */
  void abort(IOException error) {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    body.completeExceptionally(error);
  }

  long bytes() {
    return bytes;
  }

  long nanosSinceData() {
    return System.nanoTime() - lastDataNanos;
  }

  /** The SHA-256 of what was written, in lowercase hex; once the body is complete. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
