package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Infrastructure;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged control plane on an external PostgreSQL that is stopped and started again: the API
 * fails fast while it is away, and the pool reconnects by itself once it is back.
 */
class ExternalDatabaseRestartIT {

  private final String installation = Infrastructure.uniqueName("external");
  private final String admin = Infrastructure.uniqueName("admin");
  private final int port = Infrastructure.freePort();
  private Path data;
  private EmbeddedPostgres database;
  private PackagedControlPlane controlPlane;

  @BeforeEach
  void services() throws Exception {
    Infrastructure.requireDockerAndHttpd();
    data = Files.createTempDirectory("paddock-external-db");
    database = start();
    controlPlane =
        new PackagedControlPlane(
            installation, database.getJdbcUrl("postgres", "postgres"), admin, Map.of());
  }

  /** The external server: on the test's port and data directory, kept across its restarts. */
  private EmbeddedPostgres start() throws Exception {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .start();
  }

  @Test
  void aRestartedExternalDatabaseIsReconnectedByThePoolAndTheApiFailsFastMeanwhile()
      throws Exception {
    controlPlane.start();
    Tenancy acme = Tenancy.create(controlPlane.api, admin, Infrastructure.uniqueName("acme"));
    acme.createApp("hello");

    database.close();
    var away = controlPlane.api.get(acme.apps() + "/hello", acme.token());
    assertThat(away.status()).isEqualTo(503);
    assertThat(away.contentType()).startsWith("application/problem+json");
    assertThat(away.headers().firstValue("Retry-After")).isPresent();

    database = start();
    long back = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> controlPlane.api.get(acme.apps() + "/hello", acme.token()).status() == 200);
    System.out.printf(
        "The API answered 200 again %d ms after the external PostgreSQL was back%n",
        (System.nanoTime() - back) / 1_000_000);
    acme.createApp("again");
    assertThat(controlPlane.api.get(acme.apps(), acme.token()).json().size()).isEqualTo(2);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      controlPlane.stop();
    } finally {
      try {
        database.close();
      } finally {
        Infrastructure.removeEverythingOf(installation);
        Infrastructure.deleteDataDir(data);
      }
    }
  }
}
