package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.paddock.fixture.ScriptedApp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener library ({@code src/main/c/listen.c}) preloaded into a real JVM running a plain
 * server socket ({@link ScriptedApp}): the app's port becomes the sandbox's Unix socket while the
 * app still sees TCP, and the control socket's commands drain its connections as the runner needs:
 * {@code Connection: close} on the next exchange, idle connections closed only after a quiet
 * period, WebSockets and event streams ended cleanly.
 */
class ListenerIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String REQUEST = "GET / HTTP/1.1\r\nHost: app\r\n\r\n";

  @TempDir Path dir;

  private PreloadedApps apps;
  private int port;
  private Path socket;
  private Process app;

  @BeforeEach
  void startTheApp() throws Exception {
    apps = new PreloadedApps(dir);
    port = RawHttp.freePort();
    socket = dir.resolve("app.sock");
    app = start();
  }

  @AfterEach
  void stopTheApps() throws InterruptedException, IOException {
    apps.close();
  }

  @Test
  void theAppListensOnTheSocketOnlyAndSeesTheTcpAddressesItAskedFor() throws Exception {
    try (UnixClient client = UnixClient.connect(socket)) {
      Map<String, String> seen = seen(client.answer(REQUEST));

      assertEquals(Integer.toString(port), seen.get("port"));
      assertEquals("127.0.0.1", seen.get("local"));
      // A dual-stack socket sees the edge as TCP would show it 127.0.0.1: ::ffff:127.0.0.1.
      assertEquals("127.0.0.1", seen.get("peer"));
      assertEquals(Long.toString(app.pid()), seen.get("pid"));
      assertEquals("1 1", ask("count"));
    }
    assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void afterDrainTheNextExchangeOnAKeptAliveConnectionSaysCloseAndEndsIt() throws Exception {
    try (UnixClient client = UnixClient.connect(socket)) {
      assertFalse(client.answer(REQUEST).contains("Connection"));
      assertEquals("false", seen(client.answer(REQUEST)).get("close"));
      assertEquals("1 2", ask("count"));

      assertEquals("ok", ask("drain"));
      String answer = client.answer(REQUEST);

      // The app read the header in the request and closed; the client read it in the answer.
      assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\nConnection: close\r\n"), answer);
      assertEquals("true", seen(answer).get("close"), answer);
      assertEquals("", client.readToEnd());
    }
    await().atMost(DEADLINE).until(() -> ask("count").equals("0 3"));
  }

  @Test
  void closeIdleEndsOnlyConnectionsWithACompleteAnswerThatWereQuietLongEnough() throws Exception {
    try (UnixClient done = UnixClient.connect(socket);
        UnixClient partial = UnixClient.connect(socket)) {
      done.answer(REQUEST);
      partial.send("GET /partial HTTP/1.1\r\nHost: app\r\n\r\n");
      assertTrue(
          partial.readUntil(text -> text.endsWith("\r\n\r\nhello")).startsWith("HTTP/1.1 200"));
      assertEquals("0", ask("close-idle 10000"));

      Thread.sleep(300); // the quiet period itself
      assertEquals("1", ask("close-idle 200"));

      assertEquals("", done.readToEnd());
      assertEquals(0, partial.channel().read(ByteBuffer.allocate(16)), "still open");
      await().atMost(DEADLINE).until(() -> ask("count").equals("1 2"));
    }
    await().atMost(DEADLINE).until(() -> ask("count").equals("0 2"));
  }

  @Test
  void goAwayEndsAWebSocketWithACloseFrame1001() throws Exception {
    try (UnixClient client = UnixClient.connect(socket)) {
      client.send(
          "GET /ws HTTP/1.1\r\nHost: app\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
      String opened = client.readUntil(text -> text.endsWith("\r\n\r\n\u0081\u0002hi"));
      assertTrue(opened.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), opened);

      await().atMost(DEADLINE).until(() -> ask("go-away").equals("0"));

      assertEquals("\u0088\u000c\u0003\u00e9going away", client.readToEnd());
    }
    await().atMost(DEADLINE).until(() -> ask("count").equals("0 1"));
  }

  @Test
  void goAwayEndsAnEventStreamWithItsLastChunk() throws Exception {
    try (UnixClient client = UnixClient.connect(socket)) {
      client.send("GET /events HTTP/1.1\r\nHost: app\r\n\r\n");
      client.readUntil(text -> text.endsWith("\r\n\r\n5\r\nhello\r\n"));

      await().atMost(DEADLINE).until(() -> ask("go-away").equals("0"));

      assertEquals("0\r\n\r\n", client.readToEnd());
    }
    await().atMost(DEADLINE).until(() -> ask("count").equals("0 1"));
  }

  @Test
  void goAwayWaitsForTheEndOfAFrameOrChunkWhoseHeaderWasWrittenAlone() throws Exception {
    try (UnixClient ws = UnixClient.connect(socket);
        UnixClient events = UnixClient.connect(socket)) {
      ws.send(
          "GET /ws-split HTTP/1.1\r\nHost: app\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\n\r\n");
      events.send("GET /events-split HTTP/1.1\r\nHost: app\r\n\r\n");
      ws.readUntil(text -> text.endsWith("\u0081\u0002hi\u0081\u0005"));
      events.readUntil(text -> text.endsWith("5\r\nhello\r\n5\r\n"));

      // Mid-frame and mid-chunk: both are left to end once their payloads are out.
      assertEquals("2", ask("go-away"));
      await().atMost(DEADLINE).until(() -> ask("go-away").equals("0"));

      assertEquals("hello\u0088\u000c\u0003\u00e9going away", ws.readToEnd());
      assertEquals("world\r\n0\r\n\r\n", events.readToEnd());
    }
  }

  @Test
  void aControlClientThatSendsNothingHoldsTheLibraryASecondAtMost() throws Exception {
    try (UnixClient silent = UnixClient.connect(PreloadedApps.control(app))) {
      // After a second the library tells the silent client so, closes it, and answers the next.
      assertEquals("0 0", ask("count"));
      assertEquals("unknown command\n", silent.readToEnd());
    }
  }

  @Test
  void aSecondBindToThePortInTheAppGoesToTcpAndLeavesTheSocketAlone() throws Exception {
    try (UnixClient client = UnixClient.connect(socket)) {
      client.answer("GET /bind HTTP/1.1\r\nHost: app\r\n\r\n");
    }

    assertEquals(Long.toString(app.pid()), seen(RawHttp.get(port, "/").body()).get("pid"));
    assertEquals(Long.toString(app.pid()), seen(RawHttp.get(socket, "/").body()).get("pid"));
  }

  @Test
  void aChildWithTheSameEnvironmentBindsTcpWhileTheSocketIsTaken() throws Exception {
    Process child = start();

    assertEquals(Long.toString(child.pid()), seen(RawHttp.get(port, "/").body()).get("pid"));
    assertEquals(Long.toString(app.pid()), seen(RawHttp.get(socket, "/").body()).get("pid"));
    assertFalse(Files.exists(PreloadedApps.control(child)), "the child serves no control socket");
  }

  /** Starts the app with the listener preloaded; returns once it listens. */
  private Process start() throws Exception {
    return apps.start(ScriptedApp.class, port, socket, "listening " + port);
  }

  /** What the app saw of the connection, from its answer or its body, {@code name=value ...}. */
  private static Map<String, String> seen(String answer) {
    int head = answer.indexOf("\r\n\r\n");
    String body = head < 0 ? answer : answer.substring(head + 4);
    return Arrays.stream(body.split(" "))
        .map(field -> field.split("=", 2))
        .collect(Collectors.toMap(field -> field[0], field -> field[1]));
  }

  private String ask(String command) throws IOException {
    return UnixClient.ask(PreloadedApps.control(app), command);
  }
}
