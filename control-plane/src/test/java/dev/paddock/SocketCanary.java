package dev.paddock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.FileSystemUtils;

/**
 * A host Unix socket standing in for the Docker API's: anyone may connect to it (httpd's workers
 * too), and it counts who did. An attacker plants links to it; nothing may ever follow them.
 */
final class SocketCanary implements AutoCloseable {

  private final Path dir;
  private final Path path;
  private final ServerSocketChannel server;
  private final AtomicInteger connections = new AtomicInteger();

  SocketCanary() {
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "pdk-canary-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      path = dir.resolve("docker.sock");
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().start(this::accept);
  }

  /** The socket's host path. */
  String path() {
    return path.toString();
  }

  /** How many connections it has accepted. */
  int connections() {
    return connections.get();
  }

  private void accept() {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        connections.incrementAndGet();
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    FileSystemUtils.deleteRecursively(dir);
  }
}
