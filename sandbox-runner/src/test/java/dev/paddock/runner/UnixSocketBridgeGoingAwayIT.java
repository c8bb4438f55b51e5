package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drain's timeout ends the long-lived connections the bridge can follow cleanly: a WebSocket gets
 * a close frame 1001 and a chunked stream its last chunk, instead of a cut connection. The app is
 * scripted byte by byte, so what the client reads is exactly what the bridge added.
 */
class UnixSocketBridgeGoingAwayIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final byte[] TEXT_HI = {(byte) 0x81, 2, 'h', 'i'};

  @TempDir Path dir;

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private ServerSocket app;
  private UnixSocketBridge bridge;
  private Path socket;

  @BeforeEach
  void start() throws IOException {
    app = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    socket = dir.resolve("app.sock");
    bridge = new UnixSocketBridge(socket, app.getLocalPort());
    bridge.start();
  }

  @AfterEach
  void stop() throws IOException {
    app.close();
    threads.shutdownNow();
  }

  @Test
  void anOpenWebSocketGetsACloseFrame1001AtTheDrainTimeoutAndTheClientsCloseReachesTheApp()
      throws Exception {
    CompletableFuture<byte[]> appReceived =
        serveOnce(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: x\r\n\r\n",
            TEXT_HI);
    try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      send(
          client,
          "GET /ws HTTP/1.1\r\nHost: app\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
      InputStream in = Channels.newInputStream(client);
      readHead(in);
      assertEquals(HexFormat.of().formatHex(TEXT_HI), HexFormat.of().formatHex(in.readNBytes(4)));

      long started = System.nanoTime();
      CompletableFuture<Void> drain =
          CompletableFuture.runAsync(() -> bridge.drain(Duration.ofSeconds(1)), threads);
      byte[] close = in.readNBytes(WebSocketFrames.GOING_AWAY.length);
      assertTrue(System.nanoTime() - started >= Duration.ofMillis(900).toNanos());
      assertEquals(
          HexFormat.of().formatHex(WebSocketFrames.GOING_AWAY), HexFormat.of().formatHex(close));

      // The client answers with its own close frame (masked, status 1001), then closes.
      byte[] reply = {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE9};
      client.write(ByteBuffer.wrap(reply));
      client.shutdownOutput();
      assertEquals(-1, in.read());
      drain.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    byte[] received = appReceived.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    String tail = HexFormat.of().formatHex(received);
    assertTrue(tail.endsWith("888200000000" + "03e9"), tail);
  }

  @Test
  void aChunkedStreamEndsWithItsLastChunkAtTheDrainTimeout() throws Exception {
    serveOnce(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "d\r\ndata: tick\n\n\r\n",
        new byte[0]);
    try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      send(client, "GET /events HTTP/1.1\r\nHost: app\r\n\r\n");
      InputStream in = Channels.newInputStream(client);
      readHead(in);
      CompletableFuture<Void> drain =
          CompletableFuture.runAsync(() -> bridge.drain(Duration.ofSeconds(1)), threads);
      String body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertEquals("d\r\ndata: tick\n\n\r\n0\r\n\r\n", body);
      drain.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * Accepts one connection, reads the request head, answers {@code head} and {@code then}, and
   * keeps the connection open, quiet, until the client's side ends; completes with all it read.
   */
  private CompletableFuture<byte[]> serveOnce(String head, byte[] then) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket connection = app.accept()) {
            InputStream in = connection.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            while (!received.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
              received.write(in.read());
            }
            OutputStream out = connection.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(then);
            out.flush();
            in.transferTo(received);
            return received.toByteArray();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        },
        threads);
  }

  private static void send(SocketChannel client, String text) throws IOException {
    client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed within the head: " + head);
      }
      head.write(b);
    }
  }
}
