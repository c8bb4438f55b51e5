package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.Api;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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

  /**
   * Deploys, as {@code app} of {@code attacker}, an attacker that swaps its own socket for a link
   * to this canary as soon as its runner has bound it, and checks that nothing follows the link.
   * The swap races the control plane moving the socket out of the tenant's reach. When the swap
   * comes first, the rollout fails on the link and nothing is routed; when the move comes first,
   * the link lands in an inbox nothing reads and the edge serves the sandbox's own socket. Returns
   * which happened.
   */
  String swappedFor(Tenancy attacker, String app, int edgePort) {
    attacker.createApp(app);
    attacker
        .api()
        .put(
            attacker.apps() + "/" + app + "/env",
            attacker.token(),
            Map.of("ATTACKER_SWAP_SOCKET", path()));
    long deploy = attacker.uploadAndDeploy(app, Api.example("attacker"));
    String outcome = attacker.awaitDeploy(app, deploy);
    if (outcome.equals("failed")) {
      assertThat(attacker.deploy(app, deploy).text("error")).contains("symbolic link");
      assertThat(Api.edge(edgePort, attacker.host(app), "/version").status()).isIn(502, 503);
      assertThat(connections()).isZero();
      return "the swap came first: the rollout failed on the link, nothing is routed";
    }
    assertThat(outcome).isEqualTo("live");
    assertThat(Api.edge(edgePort, attacker.host(app), "/").body()).contains("attacker ready");
    assertThat(connections()).isZero();
    return "the move came first: the edge serves the sandbox's own socket";
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
