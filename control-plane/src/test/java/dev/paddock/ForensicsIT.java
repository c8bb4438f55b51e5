package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.Tenancy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Apps at their worst are contained by their limits, their deaths recorded with the cause, the last
 * reading and log lines, and they come back; a neighbour keeps serving throughout.
 */
class ForensicsIT extends InProcessPaddock {

  private Tenancy acme;

  @BeforeEach
  void deployed() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("forensics"));
    var created =
        api()
            .post(
                acme.apps(),
                acme.token(),
                Map.of("name", "bombs", "limits", Map.of("memory", "128MiB", "pids", 64)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(acme.awaitDeploy("bombs", acme.uploadAndDeploy("bombs", Api.example("bombs"))))
        .isEqualTo("live");
    // One reading at least, so that the death can quote it.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api().get(metrics(), acme.token()).json().get("instances").size() == 1);
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("bombs", INSTALLATION);
  }

  @Test
  void nativeMemoryBeyondTheLimitIsKilledByTheKernelAndRecordedAsSuch() {
    Api.edge(EDGE_PORT, acme.host("bombs"), "/native");

    assertThat(death())
        .contains(
            "killed for exceeding its memory limit",
            "Last reading",
            "of 128 MiB",
            "Allocating native memory");
    assertServesAgain();
  }

  @Test
  void aFullHeapEndsTheJvmAndTheDeathNamesTheKindOfOutOfMemoryError() {
    Api.edge(EDGE_PORT, acme.host("bombs"), "/heap");

    assertThat(death())
        .contains("ran out of memory", "OutOfMemoryError: Java heap space", "Filling the heap");
    assertServesAgain();
  }

  @Test
  void aSandboxThatDiesWhileItDrainsIsRecordedAndTheRestartStillServes() {
    var armed = Api.edge(EDGE_PORT, acme.host("bombs"), "/native-on-stop");
    assertThat(armed.status()).as(armed.body()).isEqualTo(200);

    // The restart drains the old sandbox, whose stop then fills memory up to the limit.
    assertThat(acme.awaitDeploy("bombs", acme.rollout("bombs", "restart", "{}"))).isEqualTo("live");

    assertThat(death())
        .contains(
            "died while it drained",
            "killed for exceeding its memory limit",
            "of 128 MiB",
            "Allocating native memory");
    assertThat(crashes()).hasSize(1);
    assertThat(Api.edge(EDGE_PORT, acme.host("bombs"), "/").body()).isEqualTo("Still here\n");
  }

  @Test
  void aForkBombStopsAtThePidsLimitAndFailsOnlyItsOwnRequestWhileANeighbourKeepsServing() {
    var neighbour = api().post(acme.apps(), acme.token(), Map.of("name", "neighbour"));
    assertThat(neighbour.status()).isEqualTo(201);
    assertThat(
            acme.awaitDeploy(
                "neighbour", acme.uploadAndDeploy("neighbour", Api.example("hello-handler"))))
        .isEqualTo("live");

    Map<Integer, Long> statuses;
    try (Load load = new Load(EDGE_PORT, acme.host("neighbour"), "/", 2)) {
      var bomb = Api.edge(EDGE_PORT, acme.host("bombs"), "/threads");
      assertThat(bomb.status()).isEqualTo(500);
      await().atMost(Duration.ofSeconds(20)).until(() -> pids().stream().anyMatch(p -> p >= 60));
      statuses = load.stop();
    } finally {
      acme.deleteApp("neighbour", INSTALLATION);
    }
    assertThat(statuses).containsOnlyKeys(200);
    assertThat(pids()).allMatch(p -> p <= 64);
    assertThat(Api.edge(EDGE_PORT, acme.host("bombs"), "/").body()).isEqualTo("Still here\n");
  }

  @Test
  void aHungRequestIsAnswered504AtTheAppsTimeoutAndTheAppKeepsServing() {
    var set = api().put(acme.apps() + "/bombs/request-timeout", acme.token(), Map.of("seconds", 2));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().get("requestTimeoutSeconds").asInt()).isEqualTo(2);
    assertThat(Files.exists(vhosts())).isTrue();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(vhostsText()).contains("timeout=7"));

    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              long start = System.nanoTime();
              assertThat(Api.edge(EDGE_PORT, acme.host("bombs"), "/hang").status()).isEqualTo(504);
              assertThat(Duration.ofNanos(System.nanoTime() - start))
                  .isLessThan(Duration.ofSeconds(5));
            });
    assertThat(Api.edge(EDGE_PORT, acme.host("bombs"), "/").body()).isEqualTo("Still here\n");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api()
                    .get(acme.apps() + "/bombs/logs?tail=50", acme.token())
                    .body()
                    .contains("watchdog: GET /hang took longer than 2s"));
    var refused =
        api().put(acme.apps() + "/bombs/request-timeout", acme.token(), Map.of("seconds", 0));
    assertThat(refused.status()).isEqualTo(400);
  }

  private String vhostsText() throws java.io.IOException {
    return Files.readString(vhosts());
  }

  /** Processes in the bombs app's sandboxes, every reading so far. */
  private List<Integer> pids() {
    JsonNode instances = api().get(metrics(), acme.token()).json().get("instances");
    return StreamSupport.stream(instances.spliterator(), false)
        .flatMap(i -> StreamSupport.stream(i.get("samples").spliterator(), false))
        .map(s -> s.get("pids").asInt())
        .toList();
  }

  private String metrics() {
    return acme.apps() + "/bombs/metrics";
  }

  /** Waits for the app's first recorded death and returns what it says. */
  private String death() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !crashes().isEmpty());
    return crashes().getFirst();
  }

  private List<String> crashes() {
    JsonNode events = api().get(acme.apps() + "/bombs/events", acme.token()).json();
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> e.get("type").asString().equals("sandbox.crashed"))
        .map(e -> e.get("message").asString())
        .toList();
  }

  private void assertServesAgain() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Api.edge(EDGE_PORT, acme.host("bombs"), "/").body())
                    .isEqualTo("Still here\n"));
  }
}
