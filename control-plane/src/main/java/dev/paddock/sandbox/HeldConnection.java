package dev.paddock.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the activator does with one connection: reads its request head within a size and a time
 * bound, and then either pipes it to the app's stable socket or answers it with the app's 503 page.
 * The stable socket is opened only when it is what a promotion leaves there: a socket of the
 * sandbox's uid, read without following links, in a directory no tenant may write.
 */
final class HeldConnection {

  /** Larger than any request head httpd forwards by default (8 KiB per field, 100 fields). */
  static final int HEAD_LIMIT = 64 * 1024;

  private static final byte[] PAGE = page();
  private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private HeldConnection() {}

  /**
   * The bytes up to the end of the request head, or empty when the connection closed, sent too much
   * or nothing whole within {@code patience}; then it is closed.
   */
  static Optional<byte[]> head(
      SocketChannel client, Duration patience, ScheduledExecutorService timer) {
    var deadline =
        timer.schedule(() -> quietly(client), patience.toMillis(), TimeUnit.MILLISECONDS);
    ByteBuffer buffer = ByteBuffer.allocate(HEAD_LIMIT);
    try {
      // Each read is looked through from where the last one ended (less the marker's length): a
      // read may bring the head and some of the body at once.
      for (int scanned = 0; buffer.hasRemaining() && client.read(buffer) >= 0; ) {
        if (endsHead(buffer, scanned)) {
          return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        }
        scanned = buffer.position();
      }
    } catch (IOException closedOrTimedOut) {
      // Fall through: nothing to hold.
    } finally {
      deadline.cancel(false);
    }
    quietly(client);
    return Optional.empty();
  }

  private static boolean endsHead(ByteBuffer buffer, int scanned) {
    byte[] bytes = buffer.array();
    for (int i = Math.max(0, scanned - 3); i + 4 <= buffer.position(); i++) {
      if (Arrays.equals(bytes, i, i + 4, END_OF_HEAD, 0, 4)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sends {@code head} and then whatever the client sends to the app's stable socket, and the app's
   * answers back, until either side closes. Answers 503 if the socket is not one the sandbox made.
   */
  static void pipe(SocketChannel client, byte[] head, Path stable, int uid) throws IOException {
    Map<String, Object> found =
        Files.readAttributes(stable, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
    Optional<String> refusal =
        SocketCheck.refusal((Integer) found.get("mode"), (Integer) found.get("uid"), uid);
    if (refusal.isPresent()) {
      unavailable(client);
      throw new UntrustedSocketException(stable, refusal.get(), null);
    }
    try (SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(stable))) {
      writeAll(upstream, ByteBuffer.wrap(head));
      Thread up =
          Thread.ofVirtual()
              .name("activator-up")
              .start(() -> copy(client, upstream, () -> upstream.shutdownOutput()));
      copy(upstream, client, () -> client.shutdownOutput());
      quietly(client);
      up.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers with the edge's own page for an app that does not run, and closes. */
  static void unavailable(SocketChannel client) {
    String head =
        """
        HTTP/1.1 503 Service Unavailable\r
        Content-Type: text/html; charset=utf-8\r
        Content-Length: %d\r
        Cache-Control: no-store\r
        Retry-After: 10\r
        Connection: close\r
        \r
        """
            .formatted(PAGE.length);
    try (client) {
      writeAll(client, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      writeAll(client, ByteBuffer.wrap(PAGE));
    } catch (IOException gone) {
      // The client left; nothing to answer.
    }
  }

  private interface Shutdown {
    void run() throws IOException;
  }

  private static void copy(SocketChannel from, SocketChannel to, Shutdown done) {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    try {
      while (from.read(buffer) >= 0) {
        buffer.flip();
        writeAll(to, buffer);
        buffer.clear();
      }
      done.run();
    } catch (IOException closed) {
      quietly(from);
      quietly(to);
    }
  }

  private static void writeAll(SocketChannel to, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      to.write(buffer);
    }
  }

  static void quietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is all that was left to do.
    }
  }

  private static byte[] page() {
    try (InputStream in = HeldConnection.class.getResourceAsStream("/httpd/503.html")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
