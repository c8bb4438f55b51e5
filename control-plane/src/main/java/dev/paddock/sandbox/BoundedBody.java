package dev.paddock.sandbox;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A reply body read up to a number of bytes: past it, the exchange is cancelled (its connection
 * closed) and the body is what came so far, marked as cut. Nothing the sender declares, such as a
 * huge {@code Content-Length}, sizes what is kept.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Bytes> {

  /** What was read, and whether the sender had more to say. */
  record Bytes(byte[] bytes, boolean cut) {}

  private final int limit;
  private final ByteArrayOutputStream read = new ByteArrayOutputStream();
  private final CompletableFuture<Bytes> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int limit) {
    this.limit = limit;
  }

  /** A handler that reads at most {@code limit} bytes of any reply. */
  static HttpResponse.BodyHandler<Bytes> of(int limit) {
    return info -> new BoundedBody(limit);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int room = limit - read.size();
      if (buffer.remaining() > room) {
        read.writeBytes(take(buffer, room));
        subscription.cancel();
        body.complete(new Bytes(read.toByteArray(), true));
        return;
      }
      read.writeBytes(take(buffer, buffer.remaining()));
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
    body.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    body.complete(new Bytes(read.toByteArray(), false));
  }

  @Override
  public CompletionStage<Bytes> getBody() {
    return body;
  }
}
