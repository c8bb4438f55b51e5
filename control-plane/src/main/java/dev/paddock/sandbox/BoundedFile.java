package dev.paddock.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A reply body written to a file up to a number of bytes, like {@link BoundedBody} but without
 * holding it in memory: past the limit, the exchange is cancelled (its connection closed) and the
 * reply is marked as cut. Nothing the sender declares sizes what is written.
 */
final class BoundedFile implements HttpResponse.BodySubscriber<BoundedFile.Written> {

  /** How many bytes went to the file, and whether the sender had more to say. */
  record Written(long size, boolean cut) {}

  private final long limit;
  private final Path file;
  private final CompletableFuture<Written> body = new CompletableFuture<>();
  private OutputStream out;
  private long written;
  private Flow.Subscription subscription;

  private BoundedFile(Path file, long limit) {
    this.file = file;
    this.limit = limit;
  }

  /** A handler that writes at most {@code limit} bytes of any reply to {@code file}. */
  static HttpResponse.BodyHandler<Written> of(Path file, long limit) {
    return info -> new BoundedFile(file, limit);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    try {
      out = Files.newOutputStream(file);
    } catch (IOException e) {
      subscription.cancel();
      body.completeExceptionally(e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    try {
      for (ByteBuffer buffer : buffers) {
        long room = limit - written;
        int count = (int) Math.min(buffer.remaining(), room);
        out.write(take(buffer, count));
        written += count;
        if (buffer.hasRemaining()) {
          subscription.cancel();
          finish(true);
          return;
        }
      }
    } catch (IOException e) {
      subscription.cancel();
      close();
      body.completeExceptionally(new UncheckedIOException(e));
      return;
    }
    subscription.request(1);
  }

  private static byte[] take(ByteBuffer buffer, int count) {
    byte[] bytes = new byte[count];
    buffer.get(bytes);
    return bytes;
  }

  @Override
  public void onError(Throwable failure) {
    close();
    body.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    finish(false);
  }

  private void finish(boolean cut) {
    try {
      out.close();
      body.complete(new Written(written, cut));
    } catch (IOException e) {
      body.completeExceptionally(e);
    }
  }

  private void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // The reply failed already; that failure is the one to tell.
    }
  }

  @Override
  public CompletionStage<Written> getBody() {
    return body;
  }
}
