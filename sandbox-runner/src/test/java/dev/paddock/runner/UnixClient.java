package dev.paddock.runner;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * One connection to a Unix socket, kept alive between exchanges, whose every read ends within a
 * deadline. Bytes are read as ISO-8859-1, one char a byte, so frames compare as strings.
 */
final class UnixClient implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final SocketChannel channel;
  private final Selector selector;

  private UnixClient(SocketChannel channel) throws IOException {
    this.channel = channel;
    this.selector = Selector.open();
    channel.configureBlocking(false);
    channel.register(selector, SelectionKey.OP_READ);
  }

  static UnixClient connect(Path socket) throws IOException {
    return new UnixClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
  }

  /** Sends one line to a control socket and returns the line it answers, stripped. */
  static String ask(Path control, String command) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(control));
      try (UnixClient client = new UnixClient(channel)) {
        client.send(command + "\n");
        return client.readToEnd().strip();
      }
    }
  }

  SocketChannel channel() {
    return channel;
  }

  void send(String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Sends a request and reads its answer, head and body, by its Content-Length. */
  String answer(String request) throws IOException {
    send(request);
    return readUntil(
        text -> {
          int end = text.indexOf("\r\n\r\n");
          int at = text.indexOf("Content-Length: ");
          if (end < 0 || at < 0) {
            return false;
          }
          int length = Integer.parseInt(text.substring(at + 16, text.indexOf('\r', at)));
          return text.length() >= end + 4 + length;
        });
  }

  /** Reads until what was read is {@code done}; fails at the end of the stream or the deadline. */
  String readUntil(Predicate<String> done) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!done.test(text.toString())) {
      if (!readSome(text)) {
        throw new IOException("the connection ended after: " + text);
      }
    }
    return text.toString();
  }

  /** Reads until the other side ends the connection, within the deadline. */
  String readToEnd() throws IOException {
    StringBuilder text = new StringBuilder();
    while (readSome(text)) {
      // until the end of the stream
    }
    return text.toString();
  }

  /** Appends what one read brings; false at the end of the stream. */
  private boolean readSome(StringBuilder text) throws IOException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    int n;
    while ((n = channel.read(buffer)) == 0) {
      long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (left <= 0) {
        throw new IOException("nothing more to read within " + DEADLINE + " after: " + text);
      }
      selector.select(left);
      selector.selectedKeys().clear();
    }
    text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
    return n > 0;
  }

  @Override
  public void close() throws IOException {
    try (channel) {
      selector.close();
    }
  }
}
