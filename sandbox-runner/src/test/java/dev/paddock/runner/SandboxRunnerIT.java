package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.paddock.fixture.FixtureApp;
import dev.paddock.fixture.FixtureHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the runner for a handler jar in this JVM on free ports and talks to it over TCP and its
 * Unix socket; a runnable jar it refuses.
 */
class SandboxRunnerIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;

  // Not the common pool: it may have a single thread, and both tasks block.
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  private int port;
  private int adminPort;
  private Path socket;
  private Duration requestTimeout = Duration.ofSeconds(10);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void handlerJarServesOverTcpAndUnixSocketAndFinishesInFlightRequestsOnDrain() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    System.getProperties().put(FixtureHandler.STARTED, started);
    System.getProperties().put(FixtureHandler.RELEASE, release);
    System.setProperty(FixtureHandler.CLOSED_FILE, dir.resolve("closed").toString());
    Path jar =
        TestJars.write(
            dir.resolve("handler.jar"),
            Map.of("Paddock-Handler", FixtureHandler.class.getName()),
            FixtureHandler.class);

    try (Sandbox sandbox = SandboxRunner.start(config(jar, List.of()))) {
      awaitHealth("{\"status\":\"UP\"}");
      assertEquals(new RawHttp.Reply(200, "hello handler GET /x"), RawHttp.get(port, "/x"));
      assertEquals(new RawHttp.Reply(200, "2"), RawHttp.get(socket, "/count"));
      assertEquals(
          "rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
      assertEquals("hidden", RawHttp.get(port, "/jetty").body());
      assertEquals("hidden", RawHttp.get(port, "/runner").body());
      assertEquals(500, RawHttp.get(socket, "/boom").status());
      String metrics = RawHttp.get(adminPort, "/metrics").body();
      assertTrue(metrics.contains(",\"requests\":5,\"open\":"), metrics);
      assertTrue(
          metrics.matches("\\{\"heapUsed\":\\d+,\"heapAfterGc\":\\d+,.*\"uptimeMillis\":\\d+,.*}"),
          metrics);

      var slow = CompletableFuture.supplyAsync(() -> get(socket, "/slow"), threads);
      assertTrue(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      var drain = CompletableFuture.runAsync(sandbox::drain, threads);
      awaitHealth("{\"status\":\"DRAINING\"}");
      assertEquals(503, RawHttp.get(adminPort, "/health").status());
      await().atMost(DEADLINE).until(() -> refuses(socket) && refuses(port));

      // Outlives the quiet period the drain waits for before it closes idle connections.
      await().during(Duration.ofMillis(1500)).atMost(DEADLINE).until(() -> !slow.isDone());
      release.countDown();
      assertEquals(new RawHttp.Reply(200, "slow done"), slow.get(10, TimeUnit.SECONDS));
      drain.get(10, TimeUnit.SECONDS);
      assertEquals("closed", Files.readString(dir.resolve("closed")));
    }
  }

  @Test
  void aHandlerHoldingARequestPastTheTimeoutIsInterruptedAndTheClientGetsA504() throws Exception {
    requestTimeout = Duration.ofSeconds(1);
    Path jar =
        TestJars.write(
            dir.resolve("handler.jar"),
            Map.of("Paddock-Handler", FixtureHandler.class.getName()),
            FixtureHandler.class);

    try (Sandbox sandbox = SandboxRunner.start(config(jar, List.of()))) {
      awaitHealth("{\"status\":\"UP\"}");
      long start = System.nanoTime();
      assertEquals(new RawHttp.Reply(504, "Gateway Timeout\n"), RawHttp.get(socket, "/hang"));
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
      await().atMost(DEADLINE).until(() -> RawHttp.get(port, "/interrupted").body().equals("1"));
      assertEquals(new RawHttp.Reply(200, "hello handler GET /x"), RawHttp.get(port, "/x"));
    }
  }

  @Test
  void runnableJarIsRefusedByTheHandlerRunnerBeforeAnythingListens() throws Exception {
    Path jar =
        TestJars.write(
            dir.resolve("runnable.jar"),
            Map.of("Main-Class", FixtureApp.class.getName()),
            FixtureApp.class);

    var refused =
        assertThrows(
            AppJar.NotLaunchableException.class, () -> SandboxRunner.start(config(jar, List.of())));
    assertTrue(refused.getMessage().contains("-javaagent:/opt/paddock/agent.jar"));
    assertTrue(refuses(adminPort));
  }

  @Test
  void jarWithoutLaunchAttributeIsRefusedBeforeAnythingListens() throws Exception {
    Path jar = TestJars.write(dir.resolve("plain.jar"), Map.of());

    assertThrows(
        AppJar.NotLaunchableException.class, () -> SandboxRunner.start(config(jar, List.of())));
    assertTrue(refuses(adminPort));
  }

  @Test
  void trainingRunForTheImagesAotCacheCompletes() throws Exception {
    Training.main(new String[0]);
  }

  private RunnerConfig config(Path jar, List<String> extraArgs) throws IOException {
    port = RawHttp.freePort();
    adminPort = RawHttp.freePort();
    socket = dir.resolve("app.sock");
    List<String> appArgs =
        Stream.concat(Stream.of(Integer.toString(port)), extraArgs.stream()).toList();
    return new RunnerConfig(
        jar,
        appArgs,
        port,
        Optional.of(socket),
        adminPort,
        Duration.ofSeconds(5),
        Optional.empty(),
        requestTimeout,
        Map.of());
  }

  private RawHttp.Reply health() throws IOException {
    return RawHttp.get(adminPort, "/health");
  }

  private void awaitHealth(String body) {
    await().atMost(DEADLINE).ignoreExceptions().until(() -> health().body().equals(body));
  }

  private static RawHttp.Reply get(Path socket, String path) {
    try {
      return RawHttp.get(socket, path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean refuses(Object target) {
    try {
      if (target instanceof Path path) {
        RawHttp.get(path, "/");
      } else {
        RawHttp.get((Integer) target, "/");
      }
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
