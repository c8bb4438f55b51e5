package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged control plane with its own embedded PostgreSQL, which dies: the API fails fast while
 * it is away, the edge keeps serving, and the database comes back by itself with its data.
 */
class DatabaseOutageIT {

  private final String installation = Infrastructure.uniqueName("outage");
  private final String admin = Infrastructure.uniqueName("admin");
  private final PackagedControlPlane controlPlane =
      new PackagedControlPlane(installation, null, admin, Map.of());

  @BeforeEach
  void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void aKilledEmbeddedDatabaseComesBackWhileTheApiFailsFastAndTheEdgeServes() throws Exception {
    controlPlane.start();
    Tenancy acme = Tenancy.create(controlPlane.api, admin, Infrastructure.uniqueName("acme"));
    acme.createApp("hello");
    long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
    String app = acme.apps() + "/hello";

    Map<Integer, Long> served;
    try (Load load = new Load(controlPlane.edgePort, acme.host("hello"), "/", 2)) {
      long killedAt = System.nanoTime();
      // Its port held meanwhile, PostgreSQL cannot start again until the test lets it: the API
      // fails fast all that time, a 503 with Retry-After, never a hang.
      try (Outage outage = Outage.of(controlPlane.data.resolve("postgres"))) {
        for (int call = 0; call < 3; call++) {
          long asked = System.nanoTime();
          var away = controlPlane.api.get(app, acme.token());
          System.out.printf(
              "API answer while the database was away: %d in %.2f s%n",
              away.status(), (System.nanoTime() - asked) / 1e9);
          assertThat(away.status()).isEqualTo(503);
          assertThat(away.contentType()).startsWith("application/problem+json");
          assertThat(away.text("type")).endsWith("/database-unavailable");
          assertThat(away.headers().firstValue("Retry-After")).isPresent();
        }
        // The admin still sees the platform: the database down, the edge up.
        await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () -> {
                  var platform = controlPlane.api.get("api/v1/platform", admin);
                  assertThat(platform.status()).isEqualTo(200);
                  assertThat(part(platform, "database")).isEqualTo("DOWN");
                  assertThat(part(platform, "edge")).isEqualTo("UP");
                });
      }
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> controlPlane.api.get(app, acme.token()).status() == 200);
      System.out.printf(
          "The API answered again %.1f s after PostgreSQL was killed%n",
          (System.nanoTime() - killedAt) / 1e9);
      served = load.stop();
    }

    System.out.println("Edge answers by status during the outage: " + served);
    assertThat(served).containsOnlyKeys(200);
    assertThat(controlPlane.api.get(app, acme.token()).text("status")).isEqualTo("running");
    assertThat(controlPlane.api.get(app + "/releases", acme.token()).json().size()).isEqualTo(1);
    // Both ends of the outage are platform events, written once the database was back.
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(controlPlane.api.get("api/v1/platform", admin).body())
                    .contains("database.lost")
                    .contains("database.back"));
    // The reconciler goes on where it paused: a restart rolls out as before.
    long restart =
        controlPlane.api.post(app + "/restart", acme.token(), "{}").json().get("id").asLong();
    assertThat(acme.awaitDeploy("hello", restart)).isEqualTo("live");
  }

  private static String part(Api.Response platform, String name) {
    for (var part : platform.json().get("parts")) {
      if (part.get("name").asString().equals(name)) {
        return part.get("status").asString();
      }
    }
    return "absent";
  }

  /**
   * PostgreSQL killed (SIGKILL to the postmaster and every backend, as the kernel's OOM killer
   * might), and its port held on loopback so that it cannot start again until closed.
   */
  private record Outage(List<ServerSocket> held) implements AutoCloseable {

    static Outage of(Path data) throws Exception {
      int port =
          Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
      // The dying server's sockets take a moment to close, and the supervisor may start it again
      // first: kill whatever runs, and try again until the port is the test's.
      return await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> hold(data, port), Optional::isPresent)
          .orElseThrow();
    }

    private static Optional<Outage> hold(Path data, int port) throws Exception {
      Path pidFile = data.resolve("postmaster.pid");
      if (Files.exists(pidFile)) {
        kill(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip()));
      }
      List<ServerSocket> held = new ArrayList<>();
      try {
        held.add(new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1")));
        try {
          held.add(new ServerSocket(port, 50, InetAddress.getByName("::1")));
        } catch (IOException noIpv6) {
          // Without IPv6 loopback, PostgreSQL has no other address to start on.
        }
        return Optional.of(new Outage(held));
      } catch (IOException stillBound) {
        for (ServerSocket socket : held) {
          socket.close();
        }
        return Optional.empty();
      }
    }

    private static void kill(long pid) throws Exception {
      Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
      if (postmaster.isPresent()) {
        postmaster.get().descendants().forEach(ProcessHandle::destroyForcibly);
        postmaster.get().destroyForcibly();
        postmaster.get().onExit().get();
      }
    }

    @Override
    public void close() throws IOException {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    try {
      controlPlane.stop();
    } finally {
      Infrastructure.removeEverythingOf(installation);
    }
  }
}
