package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
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
import java.util.Arrays;
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
 * The edge's httpd killed outright, under load or again and again: the control plane restarts it.
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
      killEveryHttpdProcess();
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
              if (!httpdProcesses().isEmpty()) {
                killEveryHttpdProcess();
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

  private void killEveryHttpdProcess() {
    List<ProcessHandle> httpd = httpdProcesses();
    assertThat(httpd).isNotEmpty();
    httpd.forEach(ProcessHandle::destroyForcibly);
    httpd.forEach(p -> p.onExit().join());
  }

  private List<ProcessHandle> httpdProcesses() {
    String config = DATA.resolve("httpd/httpd.conf").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(config)).orElse(false))
        .toList();
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
