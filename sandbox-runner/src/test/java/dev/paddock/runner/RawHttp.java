package dev.paddock.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Plain HTTP/1.1 over a TCP port or a Unix socket, the way the web server talks to a sandbox. */
final class RawHttp {

  private RawHttp() {}

  /** A response as status code and body. */
  record Reply(int status, String body) {}

  static Reply get(int port, String path) throws IOException {
    return get(new InetSocketAddress("127.0.0.1", port), path);
  }

  static Reply get(Path socket, String path) throws IOException {
    return get(UnixDomainSocketAddress.of(socket), path);
  }

  static Reply get(SocketAddress address, String path) throws IOException {
    try (SocketChannel channel = SocketChannel.open(address)) {
      String request = "GET " + path + " HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n";
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        response.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      String text = response.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      return new Reply(status, text.substring(text.indexOf("\r\n\r\n") + 4));
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
