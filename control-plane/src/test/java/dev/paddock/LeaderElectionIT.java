package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged control planes on one PostgreSQL, as two replicas run: exactly one leads, the other
 * serves the API and hands its work to the leader; when the leader is killed the other leads and
 * reconciles within seconds. Never are both leaders at once.
 */
class LeaderElectionIT {

  private final String installation = Infrastructure.uniqueName("ha");
  private final String database = Infrastructure.newDatabase();
  private final String admin = Infrastructure.uniqueName("admin");
  // One host, so both edges reach the sandboxes through one socket directory.
  private final Path sockets = Infrastructure.dataDir();
  private final Replica first = new Replica("first");
  private final Replica second = new Replica("second");
  private final List<String> doubleLeaders = new CopyOnWriteArrayList<>();
  private final AtomicBoolean watching = new AtomicBoolean(true);

  @BeforeEach
  void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void oneLeadsTheOtherHandsItWorkAndTakesOverWhenTheLeaderDies() throws Exception {
    first.start();
    await().atMost(Duration.ofSeconds(30)).until(first::leads);
    second.start();
    Thread watcher = Thread.ofVirtual().start(this::watchForTwoLeaders);

    // Everything through the replica that does not lead: the leader deploys a jar it never got.
    Tenancy acme = Tenancy.create(second.api, admin, Infrastructure.uniqueName("acme"));
    acme.createApp("hello");
    long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
    assertThat(second.leads()).isFalse();
    for (Replica replica : List.of(first, second)) {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(Api.edge(replica.edgePort, acme.host("hello"), "/").body())
                      .isEqualTo("Hello from Paddock (handler)\n"));
    }

    first.process.destroyForcibly().waitFor();
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(10)).until(second::leads);
    System.out.printf(
        "The second control plane leads %d ms after the leader was killed%n",
        (System.nanoTime() - killed) / 1_000_000);

    // The new leader reconciles: a sandbox removed behind its back is replaced.
    Infrastructure.containersOf(installation)
        .forEach(c -> Infrastructure.docker().removeContainerCmd(c.getId()).withForce(true).exec());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Api.edge(second.edgePort, acme.host("hello"), "/").body())
                    .isEqualTo("Hello from Paddock (handler)\n"));
    assertThat(Infrastructure.containersOf(installation)).hasSize(1);

    watching.set(false);
    watcher.join();
    assertThat(doubleLeaders).as("moments at which both led").isEmpty();
  }

  private void watchForTwoLeaders() {
    while (watching.get()) {
      if (first.process.isAlive() && first.leads() && second.leads()) {
        doubleLeaders.add(Instant.now().toString());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    watching.set(false);
    try {
      first.stop();
      second.stop();
    } finally {
      Infrastructure.removeEverythingOf(installation);
      Infrastructure.deleteDataDir(sockets);
    }
  }

  /** One control plane process with its own data dir, API and edge, on the shared database. */
  private final class Replica {
    final Path data = Infrastructure.dataDir();
    final int apiPort = Infrastructure.freePort();
    final int edgePort = Infrastructure.freePort();
    final Api api = new Api(URI.create("http://127.0.0.1:" + apiPort + "/"));
    final String name;
    Process process;

    Replica(String name) {
      this.name = name;
    }

    void start() throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder =
          new ProcessBuilder(java, "-jar", System.getProperty("paddock.jar", "target/paddock.jar"))
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(data.resolve("control-plane.log").toFile()));
      Map<String, String> env = new HashMap<>();
      env.put("SPRING_DATASOURCE_URL", database);
      env.put("SPRING_DATASOURCE_USERNAME", "postgres");
      env.put("PADDOCK_NAME", installation);
      env.put("PADDOCK_DATA_DIR", data.toString());
      env.put("PADDOCK_SANDBOX_SOCKET_DIR", sockets.toString());
      env.put("PADDOCK_ADMIN_TOKEN", admin);
      env.put("SERVER_PORT", String.valueOf(apiPort));
      env.put("PADDOCK_EDGE_PORT", String.valueOf(edgePort));
      env.put("PADDOCK_EDGE_HTTPD_STOP_ON_EXIT", "true");
      env.put("PADDOCK_SANDBOX_IMAGE", Infrastructure.IMAGE);
      env.put("PADDOCK_RECONCILE_INTERVAL", "2s");
      builder.environment().putAll(env);
      process = builder.start();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(
              () -> {
                assertThat(process.isAlive())
                    .as("the %s control plane exited: see %s", name, data)
                    .isTrue();
                return api.get("actuator/health", null).status() == 200;
              });
    }

    /** What the replica's own gauge says; false when it does not answer. */
    boolean leads() {
      try {
        return api.get("actuator/prometheus", admin)
            .body()
            .lines()
            .anyMatch(line -> line.matches("paddock_leader(\\{.*})? 1\\.0"));
      } catch (RuntimeException unreachable) {
        return false;
      }
    }

    void stop() throws Exception {
      try {
        if (process != null && process.isAlive()) {
          process.destroy();
          process.waitFor();
        }
      } finally {
        // A killed control plane leaves its httpd behind.
        Path pid = data.resolve("httpd/run/httpd.pid");
        if (Files.exists(pid)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
              .ifPresent(ProcessHandle::destroy);
        }
        Infrastructure.deleteDataDir(data);
      }
    }
  }
}
