package dev.paddock.routing.httpd;

import dev.paddock.routing.EdgeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks the edge for a page of its default host over loopback. Any HTTP answer counts: a listener
 * whose process is stopped or hung still accepts connections, but never answers. Thread-safe.
 */
record EdgeProbe(String address, int port, Duration timeout) {

  private static final byte[] REQUEST =
      "GET /.paddock/404.html HTTP/1.1\r\nHost: probe.paddock.invalid\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  EdgeProbe(EdgeProperties edge, Duration timeout) {
    this(loopbackFor(edge.address()), edge.port(), timeout);
  }

  /** Whether the edge answered with an HTTP status line within the timeout. */
  boolean answers() {
    try (Socket socket = new Socket()) {
      int millis = Math.toIntExact(timeout.toMillis());
      socket.connect(new InetSocketAddress(address, port), millis);
      socket.setSoTimeout(millis);
      socket.getOutputStream().write(REQUEST);
      InputStream in = socket.getInputStream();
      byte[] status = in.readNBytes(5);
      return new String(status, StandardCharsets.US_ASCII).equals("HTTP/");
    } catch (IOException e) {
      return false;
    }
  }

  private static String loopbackFor(String address) {
    return switch (address) {
      case "0.0.0.0", "*" -> "127.0.0.1";
      case "::", "[::]" -> "::1";
      default -> address;
    };
  }
}
