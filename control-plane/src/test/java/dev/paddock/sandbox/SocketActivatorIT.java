package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.paddock.Installation;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The activator on real Unix sockets, as httpd meets it: a request to a sleeping app's stable
 * socket is held, handed on to the socket a wake promotes over it, or answered with the 503 page; a
 * control plane that restarts takes the socket back; nothing at the stable path is followed.
 */
class SocketActivatorIT {

  private static final String REQUEST = "GET / HTTP/1.1\r\nHost: web.acme.localhost\r\n\r\n";
  private static final int UID = Installation.asRoot() ? 0 : uid();

  private Path root;
  private AppSockets sockets;
  private SocketActivator activator;
  private final AtomicInteger wakes = new AtomicInteger();

  @BeforeEach
  void sockets() throws IOException {
    root = Files.createTempDirectory(Path.of("/tmp"), "act");
    sockets =
        new AppSockets(
            new Installation(root, "act"),
            new SandboxProperties(
                SandboxProperties.Driver.DOCKER,
                null,
                root.resolve("run"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                DataSize.ofMegabytes(64),
                8080,
                9000,
                DataSize.ofMegabytes(10),
                2,
                "10.200.0.0/13",
                1.5));
    Files.createDirectories(sockets.dir("acme", "web"));
    activator = new SocketActivator(sockets, Duration.ofSeconds(5));
  }

  @AfterEach
  void cleanUp() throws IOException {
    activator.close(1);
    TenantFiles.deleteTree(root);
  }

  @Test
  void aHeldRequestWakesTheAppAndIsAnsweredByTheSandboxPromotedOverTheSlot() throws Exception {
    hold(activator);
    CompletableFuture<String> answer = send();
    await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 1);

    try (ServerSocketChannel sandbox = promoteSandbox()) {
      activator.release(1);
      try (SocketChannel served = sandbox.accept()) {
        assertThat(read(served, REQUEST.length())).isEqualTo(REQUEST);
        served.write(
            ByteBuffer.wrap(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII)));
      }
      assertThat(answer.get()).startsWith("HTTP/1.1 200 OK").endsWith("hello");
    }
  }

  @Test
  void aRequestWhoseBodyCameWithItsHeadIsHeldAndHandedOnWhole() throws Exception {
    hold(activator);
    String post =
        "POST /form HTTP/1.1\r\nHost: web.acme\r\nContent-Length: 8192\r\n\r\n" + "x".repeat(8192);
    CompletableFuture<String> answer = send(post);
    await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 1);

    try (ServerSocketChannel sandbox = promoteSandbox()) {
      activator.release(1);
      try (SocketChannel served = sandbox.accept()) {
        assertThat(read(served, post.length())).isEqualTo(post);
        served.write(
            ByteBuffer.wrap(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII)));
      }
      assertThat(answer.get()).startsWith("HTTP/1.1 200 OK").endsWith("ok");
    }
  }

  @Test
  void aWakeThatFailsAnswersTheHeldRequestWithThe503PageAndTheNextRequestWakesAgain()
      throws Exception {
    hold(activator);
    CompletableFuture<String> answer = send();
    await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 1);

    activator.refuse(1, "crashed on start");

    assertThat(answer.get())
        .startsWith("HTTP/1.1 503 Service Unavailable")
        .contains("This app is not running right now");
    send();
    await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 2);
  }

  @Test
  void aRestartedControlPlaneTakesTheStableSocketBack() throws Exception {
    hold(activator);
    // The first control plane dies: its socket file stays, with nothing listening.
    activator.close(1);
    SocketActivator restarted = new SocketActivator(sockets, Duration.ofSeconds(5));
    try {
      hold(restarted);
      send();
      await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 1);
    } finally {
      restarted.close(1);
    }
  }

  @Test
  void aLinkAtTheStablePathIsNeverFollowed() throws Exception {
    Path canaryPath = root.resolve("canary.sock");
    try (ServerSocketChannel canary = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      canary.bind(UnixDomainSocketAddress.of(canaryPath));
      canary.configureBlocking(false);
      hold(activator);
      CompletableFuture<String> answer = send();
      await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 1);

      Path link = stable().resolveSibling("link.tmp");
      Files.createSymbolicLink(link, canaryPath);
      Files.move(link, stable(), StandardCopyOption.ATOMIC_MOVE);
      activator.release(1);

      assertThat(answer.get()).startsWith("HTTP/1.1 503 Service Unavailable");
      assertThat(canary.accept()).isNull();
    }
  }

  private void hold(SocketActivator on) {
    on.hold(1, "acme", "web", 1, UID, wakes::incrementAndGet);
  }

  private Path stable() {
    return sockets.stable("acme", "web", 0);
  }

  /** A sandbox's socket, bound beside the slot and renamed over it as a promotion does. */
  private ServerSocketChannel promoteSandbox() throws IOException {
    Path staged = stable().resolveSibling(".stage-0.sock");
    ServerSocketChannel sandbox = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    sandbox.bind(UnixDomainSocketAddress.of(staged));
    Files.move(staged, stable(), StandardCopyOption.ATOMIC_MOVE);
    return sandbox;
  }

  /** Sends the request as httpd would and reads the whole answer, on a thread of its own. */
  private CompletableFuture<String> send() throws IOException {
    return send(REQUEST);
  }

  /** Writes the request in one go, as a client whose head and body fit one segment does. */
  private CompletableFuture<String> send(String request) throws IOException {
    SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(stable()));
    ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    while (bytes.hasRemaining()) {
      client.write(bytes);
    }
    return CompletableFuture.supplyAsync(
        () ->
            assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> {
                  try (client) {
                    return new String(
                        Channels.newInputStream(client).readAllBytes(), StandardCharsets.UTF_8);
                  }
                }));
  }

  private static String read(SocketChannel channel, int bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(bytes);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {}
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
  }

  private static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
