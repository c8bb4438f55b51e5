package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
      killPostgres();
      // Fails fast while the database is away: a 503 with Retry-After, never a hang.
      var away =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> controlPlane.api.get(app, acme.token()), r -> r.status() == 503);
      assertThat(away.contentType()).startsWith("application/problem+json");
      assertThat(away.text("type")).endsWith("/database-unavailable");
      assertThat(away.headers().firstValue("Retry-After")).isPresent();
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
    // The reconciler goes on where it paused: a restart rolls out as before.
    long restart =
        controlPlane.api.post(app + "/restart", acme.token(), "{}").json().get("id").asLong();
    assertThat(acme.awaitDeploy("hello", restart)).isEqualTo("live");
  }

  /** SIGKILL to the postmaster and every backend, as the kernel's OOM killer might. */
  private void killPostgres() throws Exception {
    Path pidFile = controlPlane.data.resolve("postgres/postmaster.pid");
    long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
    postmaster.destroyForcibly();
    postmaster.onExit().get();
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
