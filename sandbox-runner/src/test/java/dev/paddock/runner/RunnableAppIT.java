package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.paddock.fixture.FixtureApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the runner's side of a runnable app in this JVM ({@link SandboxRunner#startBeside}) with
 * {@link FixtureApp} as the app, on free ports. This JVM has no listener preloaded, so the app is
 * probed on its TCP port, and a config with a socket is refused; {@link AgentLaunchIT} and {@link
 * ListenerIT} cover the socket.
 */
class RunnableAppIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;

  private int port;
  private int adminPort;
  private Optional<String> healthPath = Optional.empty();

  @AfterEach
  void stopFixtureApp() {
    stopFixtureServer();
  }

  private static void stopFixtureServer() {
    if (System.getProperties().remove(FixtureApp.SERVER) instanceof HttpServer server) {
      server.stop(0);
    }
  }

  @Test
  void runnableAppWithoutASocketIsUpOnceItServesOnItsPortAndCountsNoRequests() throws Exception {
    RunnerConfig config = config();

    try (Sandbox sandbox = SandboxRunner.startBeside(config, new CompletableFuture<>())) {
      await()
          .during(Duration.ofMillis(500))
          .atMost(DEADLINE)
          .until(() -> health().body().startsWith("{\"status\":\"STARTING\""));
      assertContains("nothing accepts connections on port " + port);
      FixtureApp.main(new String[] {Integer.toString(port)});
      awaitHealth("{\"status\":\"UP\"}");
      assertEquals(new RawHttp.Reply(200, "hello runnable, loader app"), RawHttp.get(port, "/"));
      // Only the preloaded listener counts a runnable app's requests.
      String metrics = RawHttp.get(adminPort, "/metrics").body();
      assertTrue(metrics.contains("\"requests\":-1,\"open\":0}"), metrics);

      sandbox.drain();

      assertEquals(new RawHttp.Reply(503, "{\"status\":\"DRAINING\"}"), health());
      assertEquals(new RawHttp.Reply(200, "hello runnable, loader app"), RawHttp.get(port, "/"));
    }
  }

  @Test
  void runnableAppWithASocketIsRefusedWithoutThePreloadedListener() throws Exception {
    RunnerConfig config = config(Optional.of(dir.resolve("app.sock")));

    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> SandboxRunner.startBeside(config, new CompletableFuture<>()));
    assertTrue(refused.getMessage().contains(Listener.FILE_NAME), refused.getMessage());
    assertTrue(refused.getMessage().contains("PADDOCK_SOCKET"), refused.getMessage());
    assertThrows(IOException.class, () -> health());
  }

  @Test
  void runnableAppWithAHealthPathIsUpOnlyOnceThatPathAnswers() throws Exception {
    healthPath = Optional.of("/not-ready");
    RunnerConfig config = config();
    FixtureApp.main(new String[] {Integer.toString(port)});

    try (Sandbox sandbox = SandboxRunner.startBeside(config, new CompletableFuture<>())) {
      await().atMost(DEADLINE).until(() -> RawHttp.get(port, "/").status() == 200);
      await()
          .during(Duration.ofSeconds(1))
          .atMost(DEADLINE)
          .until(() -> health().body().startsWith("{\"status\":\"STARTING\""));
      assertContains("GET /not-ready answered 503; the app counts as serving once");
      // A held ask that the app never answers ends at its wait with the status as it is.
      assertEquals(503, RawHttp.get(adminPort, "/health?wait=300").status());
      assertEquals(400, RawHttp.get(adminPort, "/health?wait=soon").status());
    }
    stopFixtureServer();
    healthPath = Optional.of("/ready");
    config = config();
    FixtureApp.main(new String[] {Integer.toString(port)});
    try (Sandbox sandbox = SandboxRunner.startBeside(config, new CompletableFuture<>())) {
      // Asked at once, held while the app starts, answered the moment it serves.
      assertEquals(
          new RawHttp.Reply(200, "{\"status\":\"UP\"}"),
          RawHttp.get(adminPort, "/health?wait=2000"));
    }
  }

  @Test
  void runnableAppWhoseMainFailedIsNeverUp() throws Exception {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    RunnerConfig config = config();

    try (Sandbox sandbox = SandboxRunner.startBeside(config, failure)) {
      failure.complete(new IllegalStateException("the app refuses to start"));
      FixtureApp.main(new String[] {Integer.toString(port)});

      await()
          .during(Duration.ofSeconds(1))
          .atMost(DEADLINE)
          .until(() -> health().body().startsWith("{\"status\":\"STARTING\""));
    }
  }

  @Test
  void runnableAppWhosePortAcceptsConnectionsButNeverAnswersIsNeverUpAndTheHealthSaysWhy()
      throws Exception {
    RunnerConfig config = config();
    // The kernel completes connections into the backlog with no accept: a server that hangs.
    try (var silent = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Sandbox sandbox = SandboxRunner.startBeside(config, new CompletableFuture<>())) {
      await()
          .atMost(RunnableAppServer.ANSWER_TIMEOUT.plus(DEADLINE))
          .until(() -> health().body().contains("accepts connections, but GET / got no HTTP"));
      assertEquals(503, health().status());
      assertContains("once it answers HTTP on the port in $PORT (" + port + ")");
    }
  }

  @Test
  void runnableAppAnsweringAnyStatusBelow500IsUp() throws Exception {
    RunnerConfig config = config();
    FixtureApp.main(new String[] {Integer.toString(port), "404"});

    try (Sandbox sandbox = SandboxRunner.startBeside(config, new CompletableFuture<>())) {
      awaitHealth("{\"status\":\"UP\"}");
      assertEquals(404, RawHttp.get(port, "/").status());
    }
  }

  /** A runnable app's config on free ports, without a socket. */
  private RunnerConfig config() throws IOException {
    return config(Optional.empty());
  }

  private RunnerConfig config(Optional<Path> socket) throws IOException {
    port = RawHttp.freePort();
    adminPort = RawHttp.freePort();
    return new RunnerConfig(
        dir.resolve("app.jar"),
        List.of(Integer.toString(port)),
        port,
        socket,
        adminPort,
        Duration.ofSeconds(5),
        healthPath,
        Duration.ofSeconds(10),
        Map.of());
  }

  private void assertContains(String expected) throws IOException {
    String said = health().body();
    assertTrue(said.contains(expected), said);
  }

  private RawHttp.Reply health() throws IOException {
    return RawHttp.get(adminPort, "/health");
  }

  private void awaitHealth(String body) {
    await().atMost(DEADLINE).ignoreExceptions().until(() -> health().body().equals(body));
  }
}
