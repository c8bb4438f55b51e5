package dev.paddock.runner;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Sends requests one after another on a kept-alive connection to a Unix socket, the way httpd's
 * proxy does: it reconnects when the last response said {@code Connection: close} or ended the
 * connection, and never reuses a connection idle for longer than {@code ttl}.
 */
final class PooledClient implements AutoCloseable {

  /** A complete response: its status, whether it closed the connection, and its body. */
  record Answer(int status, boolean close, String body) {}

  private final Path socket;
  private final long ttlNanos;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private SocketChannel channel;
  private long lastUsed;

  PooledClient(Path socket, Duration ttl) {
    this.socket = socket;
    this.ttlNanos = ttl.toNanos();
  }

  /** Sends one request (with a body when {@code body} is not null) and reads its whole answer. */
  Answer send(String method, String path, String body) throws IOException {
    if (channel != null && System.nanoTime() - lastUsed > ttlNanos) {
      close();
    }
    if (channel == null) {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
      buffer.clear();
    }
    String head = method + " " + path + " HTTP/1.1\r\nHost: app\r\n";
    String request =
        body == null
            ? head + "\r\n"
            : head + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    try {
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      Answer answer = read(method.equals("HEAD"));
      lastUsed = System.nanoTime();
      if (answer.close()) {
        close();
      }
      return answer;
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Answer read(boolean head) throws IOException {
    int end;
    while ((end = headEnd()) < 0) {
      fill();
    }
    String[] lines = new String(buffer.array(), 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    int length = 0;
    boolean close = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).strip());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    int total = end + (head ? 0 : length);
    while (buffer.position() < total) {
      fill();
    }
    String body = new String(buffer.array(), end, total - end, StandardCharsets.ISO_8859_1);
    buffer.flip().position(total).compact();
    return new Answer(status, close, body);
  }

  private int headEnd() {
    for (int i = 3; i < buffer.position(); i++) {
      if (buffer.get(i) == '\n' && buffer.get(i - 2) == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  private void fill() throws IOException {
    if (channel.read(buffer) < 0) {
      throw new IOException("the connection ended before the response did");
    }
  }

  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // closed all the same
    }
    channel = null;
  }
}
