package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
  private final PackagedControlPlane first = replica();
  private final PackagedControlPlane second = replica();
  private final List<String> doubleLeaders = new CopyOnWriteArrayList<>();
  private final AtomicBoolean watching = new AtomicBoolean(true);

  @BeforeEach
  void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void oneLeadsTheOtherHandsItWorkAndTakesOverWhenTheLeaderDies() throws Exception {
    first.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> leads(first));
    second.start();
    Thread watcher = Thread.ofVirtual().start(this::watchForTwoLeaders);

    // Everything through the replica that does not lead: the leader deploys a jar it never got.
    Tenancy acme = Tenancy.create(second.api, admin, Infrastructure.uniqueName("acme"));
    acme.createApp("hello");
    long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
    assertThat(leads(second)).isFalse();
    for (PackagedControlPlane replica : List.of(first, second)) {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(Api.edge(replica.edgePort, acme.host("hello"), "/").body())
                      .isEqualTo("Hello from Paddock (handler)\n"));
    }

    first.kill();
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> leads(second));
    System.out.printf(
        "The second control plane leads %d ms after the leader was killed%n",
        (System.nanoTime() - killed) / 1_000_000);

    // The new leader reconciles: a sandbox removed behind its back is replaced.
    Infrastructure.sandboxesOf(installation)
        .forEach(c -> Infrastructure.docker().removeContainerCmd(c.getId()).withForce(true).exec());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Api.edge(second.edgePort, acme.host("hello"), "/").body())
                    .isEqualTo("Hello from Paddock (handler)\n"));
    assertThat(Infrastructure.sandboxesOf(installation)).hasSize(1);

    watching.set(false);
    watcher.join();
    assertThat(doubleLeaders).as("moments at which both led").isEmpty();
  }

  private void watchForTwoLeaders() {
    while (watching.get()) {
      if (first.isAlive() && leads(first) && leads(second)) {
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

  private PackagedControlPlane replica() {
    return new PackagedControlPlane(
        installation, database, admin, Map.of("PADDOCK_SANDBOX_SOCKET_DIR", sockets.toString()));
  }

  /** What the replica's own gauge says; false when it does not answer. */
  private boolean leads(PackagedControlPlane replica) {
    try {
      return replica
          .api
          .get("actuator/prometheus", admin)
          .body()
          .lines()
          .anyMatch(line -> line.matches("paddock_leader(\\{.*})? 1\\.0"));
    } catch (RuntimeException unreachable) {
      return false;
    }
  }
}
