package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.paddock.fixture.LaunchedAgent;
import dev.paddock.fixture.LaunchedApp;
import dev.paddock.fixture.LaunchedLibrary;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a runnable jar as a sandbox does, {@code java -javaagent:paddock-agent.jar -jar app.jar},
 * with the agent and runner jars and the listener library this module builds, and talks to it over
 * its socket, the only place it listens.
 */
class AgentLaunchIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Path AGENT = Path.of("target/paddock-agent.jar").toAbsolutePath();
  private static final Path RUNNER = Path.of("target/sandbox-runner.jar").toAbsolutePath();

  @TempDir Path dir;

  private Process process;
  private int port;
  private int adminPort;

  @AfterEach
  void stopTheJvm() throws InterruptedException, IOException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (process != null) {
      Files.deleteIfExists(PreloadedApps.control(process));
    }
  }

  @Test
  void aRunnableJarRunsAsJavaDashJarWouldWithTheRunnerBesideItAndServesOnlyOnItsSocket()
      throws Exception {
    start(Map.of());

    awaitHealth("{\"status\":\"UP\"}");
    String expected =
        String.join(
            "\n",
            "system-loader=true",
            "class-path=launched-library",
            "add-opens=true",
            "launcher-agent=started",
            "native-access=true",
            "multi-release=21",
            "runner=hidden",
            "jetty=hidden");
    assertEquals(new RawHttp.Reply(200, expected), RawHttp.get(socket(), "/"), this::output);
    // The preloaded listener made the app's port a Unix socket: nothing listens on TCP.
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    // The library counted the request above; the runner leaves out its own probe.
    String metrics = RawHttp.get(adminPort, "/metrics").body();
    assertTrue(metrics.contains("\"requests\":1,"), metrics + "\n" + output());
  }

  @Test
  void sigtermDrainsThenExitsZeroAndTheAppsShutdownHooksRun() throws Exception {
    start(Map.of());
    awaitHealth("{\"status\":\"UP\"}");

    process.destroy();

    assertTrue(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), this::output);
    assertEquals(0, process.exitValue(), this::output);
    assertEquals("stopped", Files.readString(dir.resolve("stopped")));
    assertFalse(Files.exists(socket()));
    assertTrue(output().contains("paddock-runner: drained"), this::output);
  }

  @Test
  void aMainThatThrowsEndsTheJvmWithStatusOne() throws Exception {
    start(Map.of("FIXTURE_FAIL", "true"));

    assertTrue(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), this::output);
    assertEquals(1, process.exitValue(), this::output);
    assertTrue(output().contains("the app refuses to start"), this::output);
  }

  private void start(Map<String, String> env) throws IOException {
    Files.createDirectories(dir.resolve("lib"));
    TestJars.write(dir.resolve("lib/library.jar"), Map.of(), LaunchedLibrary.class);
    Path jar =
        TestJars.write(
            dir.resolve("app.jar"),
            Map.of(
                "Main-Class", LaunchedApp.class.getName(),
                "Class-Path", "lib/library.jar",
                "Add-Opens", "java.base/java.lang",
                "Launcher-Agent-Class", LaunchedAgent.class.getName(),
                "Enable-Native-Access", "ALL-UNNAMED",
                "Multi-Release", "true"),
            Map.of("release.txt", "base", "META-INF/versions/21/release.txt", "21"),
            LaunchedApp.class,
            LaunchedAgent.class);
    port = RawHttp.freePort();
    adminPort = RawHttp.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-javaagent:" + AGENT + "=" + RUNNER, "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.log").toFile());
    builder.environment().putAll(env);
    builder.environment().put("LD_PRELOAD", PreloadedApps.LIBRARY.toString());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("PADDOCK_ADMIN_PORT", Integer.toString(adminPort));
    builder.environment().put("PADDOCK_SOCKET", socket().toString());
    builder.environment().put("PADDOCK_DRAIN_TIMEOUT", "5s");
    builder.environment().put("FIXTURE_STOPPED", dir.resolve("stopped").toString());
    process = builder.start();
  }

  private Path socket() {
    return dir.resolve("app.sock");
  }

  private void awaitHealth(String body) {
    await()
        .atMost(DEADLINE)
        .ignoreExceptions()
        .until(() -> RawHttp.get(adminPort, "/health").body().equals(body));
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("output.log"));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
