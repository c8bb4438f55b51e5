package dev.paddock.runner;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one {@code GET} to a runnable app on its TCP port and reads its status line, over a socket
 * of its own that it closes: HTTP/1.1 with {@code Connection: close}, so that no connection of the
 * probe lingers in the app and no client library's threads start in the app's JVM.
 */
final class HttpProbe {

  /** What one probe found: the status, or -1 and why there was none. */
  record Answer(int status, String problem) {

    boolean serves(boolean strict) {
      return strict ? status >= 200 && status < 400 : status > 0 && status < 500;
    }
  }

  private static final int STATUS_LINE_LIMIT = 1024;

  private HttpProbe() {}

  /**
   * Asks {@code path} on the app's port, giving the connect {@code connect} and the answer {@code
   * answer} at most; never throws.
   */
  static Answer get(int port, String path, Duration connect, Duration answer) {
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) connect.toMillis());
      } catch (IOException e) {
        return new Answer(-1, "nothing accepts connections on port " + port);
      }
      long deadline = System.nanoTime() + answer.toNanos();
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(request(port, path));
      out.flush();
      String line = statusLine(socket, deadline);
      if (line == null) {
        return new Answer(
            -1,
            "port %d accepts connections, but GET %s got no HTTP answer within %s"
                .formatted(port, path, seconds(answer)));
      }
      if (!line.matches("HTTP/1\\.[01] [1-5]\\d\\d( .*)?")) {
        return new Answer(
            -1, "port %d answered GET %s with something other than HTTP/1.1".formatted(port, path));
      }
      return new Answer(Integer.parseInt(line.substring(9, 12)), "");
    } catch (IOException e) {
      return new Answer(
          -1, "port %d closed the connection without answering GET %s".formatted(port, path));
    }
  }

  private static byte[] request(int port, String path) {
    return ("GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUser-Agent: paddock-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The first line of the answer, or null when none came by the deadline. */
  private static String statusLine(Socket socket, long deadline) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream(), 256);
    StringBuilder line = new StringBuilder();
    try {
      while (line.length() < STATUS_LINE_LIMIT) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
          return null;
        }
        socket.setSoTimeout((int) left);
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed");
        }
        if (b == '\n') {
          return line.toString().strip();
        }
        line.append((char) b);
      }
    } catch (SocketTimeoutException e) {
      return null;
    }
    return line.toString();
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }
}
