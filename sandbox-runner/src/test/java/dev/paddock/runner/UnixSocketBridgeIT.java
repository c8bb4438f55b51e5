package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketBridgeIT {

  @TempDir Path dir;

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer app;

  @BeforeEach
  void startApp() throws IOException {
    app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.setExecutor(threads);
    app.createContext(
        "/",
        exchange -> {
          try (exchange;
              OutputStream out = exchange.getResponseBody()) {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
              release.await();
            }
            exchange.sendResponseHeaders(200, 2);
            out.write("ok".getBytes(StandardCharsets.US_ASCII));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    app.start();
  }

  @AfterEach
  void stopApp() {
    release.countDown();
    app.stop(0);
    threads.shutdownNow();
  }

  @Test
  void drainClosesIdleConnectionsAndLetsRequestsInFlightFinish() throws Exception {
    Path socket = dir.resolve("bridge.sock");
    UnixSocketBridge bridge = new UnixSocketBridge(socket, app.getAddress().getPort());
    bridge.start();
    SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    send(idle, "GET / HTTP/1.1\r\nHost: app\r\n\r\n");
    assertTrue(readUntilEnd(idle, "ok").endsWith("ok"));
    SocketChannel slow = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    send(slow, "GET /slow HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n");
    // The client is done sending: the half-close must reach the app without ending the reply.
    slow.shutdownOutput();
    var slowReply = CompletableFuture.supplyAsync(() -> readToEof(slow), threads);

    var drain = CompletableFuture.runAsync(() -> bridge.drain(Duration.ofSeconds(20)), threads);

    assertEquals("", readToEof(idle));
    await().atMost(Duration.ofSeconds(5)).until(() -> refuses(socket));
    assertFalse(drain.isDone());
    assertFalse(slowReply.isDone());
    release.countDown();
    assertTrue(slowReply.get(10, TimeUnit.SECONDS).startsWith("HTTP/1.1 200"));
    drain.get(10, TimeUnit.SECONDS);
    assertEquals(2, bridge.connections());
  }

  @Test
  void aDrainedConnectionsNextResponseSaysCloseAndTheDrainEndsWithIt() throws Exception {
    Path socket = dir.resolve("bridge.sock");
    UnixSocketBridge bridge = new UnixSocketBridge(socket, app.getAddress().getPort());
    bridge.start();
    try (PooledClient client = new PooledClient(socket, Duration.ofSeconds(30))) {
      assertFalse(client.send("GET", "/", null).close());

      var drain = CompletableFuture.runAsync(() -> bridge.drain(Duration.ofSeconds(60)), threads);
      await().atMost(Duration.ofSeconds(5)).until(() -> refuses(socket));
      PooledClient.Answer answer = client.send("GET", "/", null);

      assertEquals(new PooledClient.Answer(200, true, "ok"), answer);
      drain.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWebSocketStaysOpenWhileTheDrainLastsAndIsCutAtItsEnd() throws Exception {
    try (ServerSocketChannel echo = ServerSocketChannel.open()) {
      echo.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      threads.submit(() -> upgradeAndEcho(echo));
      Path socket = dir.resolve("tunnel.sock");
      UnixSocketBridge bridge = new UnixSocketBridge(socket, echo.socket().getLocalPort());
      bridge.start();
      SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
      send(client, "GET /chat HTTP/1.1\r\nHost: app\r\nUpgrade: websocket\r\n\r\n");
      assertTrue(readUntilEnd(client, "\r\n\r\n").startsWith("HTTP/1.1 101 "));

      var drain = CompletableFuture.runAsync(() -> bridge.drain(Duration.ofSeconds(3)), threads);
      send(client, "ping");

      assertEquals("ping", readUntilEnd(client, "ping"));
      assertFalse(drain.isDone());
      drain.get(30, TimeUnit.SECONDS);
      assertEquals("", readToEof(client));
    }
  }

  /** A WebSocket server's part, as far as a bridge can tell: 101, then anything goes. */
  private static Void upgradeAndEcho(ServerSocketChannel server) throws IOException {
    try (SocketChannel channel = server.accept()) {
      readUntilEnd(channel, "\r\n\r\n");
      send(channel, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
      ByteBuffer buffer = ByteBuffer.allocate(1024);
      while (channel.read(buffer) >= 0) {
        channel.write(buffer.flip());
        buffer.clear();
      }
    }
    return null;
  }

  private static void send(SocketChannel channel, String request) throws IOException {
    channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String readUntilEnd(SocketChannel channel, String ending) throws IOException {
    StringBuilder text = new StringBuilder();
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (!text.toString().endsWith(ending) && channel.read(buffer) >= 0) {
      text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
      buffer.clear();
    }
    return text.toString();
  }

  private static String readToEof(SocketChannel channel) {
    try (channel) {
      return readUntilEnd(channel, "\u0000never");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean refuses(Path socket) {
    try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
