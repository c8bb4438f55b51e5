package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Dockerd;
import dev.paddock.support.HttpdProcesses;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.Tenancy;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The edge's httpd killed outright, under load or again and again: the control plane restarts it;
 * the Docker engine restarted under load: the app is served again. Each fault is a platform event
 * the admin sees and no tenant does.
 */
class FaultsIT extends InProcessPaddock {

  private static final String HELLO = "Hello from Paddock (handler)\n";

  @Autowired MeterRegistry meters;

  @Autowired
  @Qualifier("edgeHealthIndicator")
  HealthIndicator edge;

  private Tenancy acme;

  @BeforeEach
  void servedApp() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("faults"));
    acme.createApp("hello");
    long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(this::served);
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("hello", INSTALLATION);
  }

  @Test
  void everyHttpdProcessKilledUnderLoadIsStartedAgainAndServesTheApp() throws Exception {
    double restartsBefore = restarts("started");
    Map<Integer, Long> answers;
    long recoveredAfter;
    try (Load load = new Load(EDGE_PORT, acme.host("hello"), "/", 4, Duration.ofMillis(5))) {
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      long killed = System.nanoTime();
      HttpdProcesses.killAll(DATA);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .ignoreExceptions()
          .until(this::served);
      recoveredAfter = (System.nanoTime() - killed) / 1_000_000;
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      answers = load.stop();
    }

    long all = answers.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "httpd SIGKILLed under load: served again after %d ms; %d of %d requests failed %s%n",
        recoveredAfter, all - answers.getOrDefault(200, 0L), all, answers);
    assertThat(restarts("started")).isGreaterThan(restartsBefore);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(edge.health().getStatus()).isEqualTo(Status.UP));
    assertThat(environmentOfHttpd())
        .allMatch(v -> v.matches("(PATH|LANG|LC_[A-Z]+|TZ|APACHE_[A-Z_]+)=.*"), "PATH, locale");

    // The admin sees the restart, with the end of httpd's error log; the tenant does not.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(platformEvents("edge.restarted"))
                    .anySatisfy(
                        message ->
                            assertThat(message)
                                .contains("httpd is not running: started it again")
                                .contains("httpd's error log ended with:")));
    assertThat(api().get("api/v1/platform", acme.token()).status()).isEqualTo(403);
    assertThat(api().get(acme.apps() + "/hello/events", acme.token()).body())
        .doesNotContain("edge.restarted")
        .doesNotContain("error log");
  }

  @Test
  void aRestartedDockerEngineServesTheAppAgainWithOneSandbox() throws Exception {
    Infrastructure.requireRootNetworking();
    Map<Integer, Long> answers;
    long engineBackAfter;
    long recoveredAfter;
    try (Load load = new Load(EDGE_PORT, acme.host("hello"), "/", 4, Duration.ofMillis(5))) {
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      long stopped = System.nanoTime();
      Dockerd.restart();
      engineBackAfter = (System.nanoTime() - stopped) / 1_000_000;
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(this::served);
      recoveredAfter = (System.nanoTime() - stopped) / 1_000_000;
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      answers = load.stop();
    }

    long all = answers.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "dockerd restarted under load: the engine answered after %d ms, the app was served again"
            + " after %d ms; %d of %d requests failed %s%n",
        engineBackAfter, recoveredAfter, all - answers.getOrDefault(200, 0L), all, answers);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Infrastructure.containersOf(INSTALLATION))
                    .filteredOn(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
                    .singleElement()
                    .satisfies(c -> assertThat(c.getState()).isEqualTo("running")));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(platformEvents("docker.lost")).isNotEmpty();
              assertThat(platformEvents("docker.back")).isNotEmpty();
            });
    assertThat(api().get("api/v1/platform", acme.token()).status()).isEqualTo(403);
  }

  /** The messages of the platform's events of one type, as the admin reads them. */
  private List<String> platformEvents(String type) {
    var platform = api().get("api/v1/platform?limit=500", ADMIN);
    assertThat(platform.status()).isEqualTo(200);
    List<String> messages = new ArrayList<>();
    platform
        .json()
        .get("events")
        .forEach(
            e -> {
              if (e.get("type").asString().equals(type)) {
                messages.add(e.get("message").asString());
              }
            });
    return messages;
  }

  @Test
  void anHttpdThatCannotStartAgainIsRetriedLessAndLessOftenAndServesOnceItCan() {
    double failedBefore = restarts("failed");
    List<Duration> waits = new ArrayList<>();
    try (ServerSocket squatter = squatTheEdgePort()) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () -> {
                Health health = edge.health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                Duration wait = Duration.parse((String) health.getDetails().get("backoff"));
                if (waits.isEmpty() || !waits.getLast().equals(wait)) {
                  waits.add(wait);
                }
                assertThat(restarts("failed") - failedBefore).isGreaterThanOrEqualTo(4);
              });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    System.out.println("waits after the restarts while the edge port was taken: " + waits);
    assertThat(waits).isSortedAccordingTo(Duration::compareTo);
    assertThat(waits.getLast()).isGreaterThanOrEqualTo(Duration.ofSeconds(4));

    await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(this::served);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(edge.health().getStatus()).isEqualTo(Status.UP));
  }

  /**
   * Kills httpd and binds its port before the supervisor starts it again, so that every restart
   * fails as an httpd that dies at once would; when the supervisor wins the race, httpd is killed
   * again.
   */
  private ServerSocket squatTheEdgePort() {
    AtomicReference<ServerSocket> bound = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              if (!HttpdProcesses.of(DATA).isEmpty()) {
                HttpdProcesses.killAll(DATA);
              }
              ServerSocket socket = new ServerSocket();
              try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), EDGE_PORT));
                bound.set(socket);
                return true;
              } catch (IOException e) {
                socket.close();
                return false;
              }
            });
    return bound.get();
  }

  private boolean served() {
    return Api.edge(EDGE_PORT, acme.host("hello"), "/").body().equals(HELLO);
  }

  private List<String> environmentOfHttpd() throws IOException {
    String pid = Files.readString(DATA.resolve("httpd/run/httpd.pid")).strip();
    return List.of(Files.readString(Path.of("/proc", pid, "environ")).split("\0"));
  }

  private double restarts(String result) {
    var counter = meters.find("paddock.edge.restarts").tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }
}
