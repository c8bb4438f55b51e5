package dev.paddock.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sends one {@code GET} to a runnable app, on its TCP port or on the Unix socket its server listens
 * on, and reads its status line, over a connection of its own that it closes: HTTP/1.1 with {@code
 * Connection: close}, so that no connection of the probe lingers in the app and no client library's
 * threads start in the app's JVM.
 */
final class HttpProbe {

  /**
   * What one probe found: the status, or -1 and why there was none; and whether its request went
   * out (the app may have read it, and counted it, whatever came back).
   */
  record Answer(int status, String problem, boolean asked) {

    boolean serves(boolean strict) {
      return strict ? status >= 200 && status < 400 : status > 0 && status < 500;
    }
  }

  private static final int STATUS_LINE_LIMIT = 1024;

  private HttpProbe() {}

  /**
   * Asks {@code path} on the app's TCP port, giving the connect {@code connect} and the answer
   * {@code answer} at most; never throws.
   */
  static Answer get(int port, String path, Duration connect, Duration answer) {
    return get(new InetSocketAddress("127.0.0.1", port), "port " + port, path, connect, answer);
  }

  /**
   * Asks {@code path} on the Unix socket the app's server listens on, the socket it bound to {@code
   * port} (which the answer names, as the app's owner knows it), as above.
   */
  static Answer get(Path socket, int port, String path, Duration connect, Duration answer) {
    return get(UnixDomainSocketAddress.of(socket), "port " + port, path, connect, answer);
  }

  private static Answer get(
      SocketAddress address, String where, String path, Duration connect, Duration answer) {
    boolean unix = address instanceof UnixDomainSocketAddress;
    try (SocketChannel channel =
            SocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      if (!connected(channel, selector, address, connect)) {
        return new Answer(-1, "nothing accepts connections on " + where, false);
      }
      long deadline = System.nanoTime() + answer.toNanos();
      ByteBuffer request = ByteBuffer.wrap(request(path));
      boolean asked = send(channel, selector, request, deadline);
      String line = asked ? statusLine(channel, selector, deadline) : null;
      if (line == null) {
        return new Answer(
            -1,
            "%s accepts connections, but GET %s got no HTTP answer within %s"
                .formatted(where, path, seconds(answer)),
            asked);
      }
      if (!line.matches("HTTP/1\\.[01] [1-5]\\d\\d( .*)?")) {
        return new Answer(
            -1,
            "%s answered GET %s with something other than HTTP/1.1".formatted(where, path),
            true);
      }
      return new Answer(Integer.parseInt(line.substring(9, 12)), "", true);
    } catch (IOException e) {
      return new Answer(
          -1, "%s closed the connection without answering GET %s".formatted(where, path), true);
    }
  }

  private static boolean connected(
      SocketChannel channel, Selector selector, SocketAddress address, Duration timeout) {
    try {
      if (channel.connect(address)) {
        return true;
      }
      channel.register(selector, SelectionKey.OP_CONNECT);
      return selector.select(Math.max(1, timeout.toMillis())) > 0 && channel.finishConnect();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean send(
      SocketChannel channel, Selector selector, ByteBuffer request, long deadline)
      throws IOException {
    while (request.hasRemaining()) {
      if (channel.write(request) == 0
          && !await(channel, selector, SelectionKey.OP_WRITE, deadline)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] request(String path) {
    return ("GET "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: paddock-probe\r\nAccept: */*\r\n"
            + "Connection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The first line of the answer, or null when none came by the deadline. */
  private static String statusLine(SocketChannel channel, Selector selector, long deadline)
      throws IOException {
    ByteBuffer in = ByteBuffer.allocate(STATUS_LINE_LIMIT);
    while (in.hasRemaining()) {
      int n = channel.read(in);
      if (n < 0) {
        throw new IOException("closed");
      }
      for (int i = in.position() - n; i < in.position(); i++) {
        if (in.get(i) == '\n') {
          return new String(in.array(), 0, i, StandardCharsets.ISO_8859_1).strip();
        }
      }
      if (n == 0 && !await(channel, selector, SelectionKey.OP_READ, deadline)) {
        return null;
      }
    }
    return new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
  }

  /** Waits until the channel is ready for {@code op}; false once the deadline passed. */
  private static boolean await(SocketChannel channel, Selector selector, int op, long deadline)
      throws IOException {
    long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
    if (left <= 0) {
      return false;
    }
    SelectionKey key = channel.keyFor(selector);
    if (key == null) {
      channel.register(selector, op);
    } else {
      key.interestOps(op);
    }
    selector.selectedKeys().clear();
    return selector.select(left) > 0;
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }
}
