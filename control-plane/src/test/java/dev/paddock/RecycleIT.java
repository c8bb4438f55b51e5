package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.Tenancy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Recycle policies replace a leaking or worn instance before it fails, losing no request. */
class RecycleIT extends InProcessPaddock {

  private Tenancy acme;

  @BeforeEach
  void tenant() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("recycle"));
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void aLeakingAppUnderLoadIsRecycledBeforeItRunsOutOfMemoryWithoutAFailedRequest() {
    create(Map.of("name", "web", "limits", Map.of("memory", "256MiB")));
    assertThat(put("env", Map.of("LEAK_BYTES", "16384")).status()).isEqualTo(200);
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("leaky"))))
        .isEqualTo("live");
    String first = sandboxes().getFirst();
    var policy = put("recycle", Map.of("heapAfterGcPercent", 40, "sustainedFor", "PT2S"));
    assertThat(policy.status()).as(policy.body()).isEqualTo(200);

    Map<Integer, Long> statuses;
    try (Load load = new Load(EDGE_PORT, acme.host("web"), "/", 4, Duration.ofMillis(10))) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> !event("sandbox.recycled").isEmpty());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sandboxes().size() == 1 && !sandboxes().contains(first));
      statuses = load.stop();
    }

    assertThat(statuses).containsOnlyKeys(200);
    assertThat(event("sandbox.recycled").getFirst())
        .contains("heap after GC at", "of its maximum", "policy 40%");
    assertThat(event("sandbox.crashed")).isEmpty();
    assertTheEvidenceNamesTheLeak();
  }

  /**
   * The leaky example keeps a {@code LeakedChunk} holding a byte array per request: the largest
   * class by bytes is the arrays ({@code [B}), and the chunks are named, one per leaking request.
   */
  private void assertTheEvidenceNamesTheLeak() {
    JsonNode details =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> recycledDetails(), d -> d != null && !d.isNull());
    JsonNode classes = details.path("histogram").path("classes");
    assertThat(classes.path(0).path("name").asString()).as(details.toString()).isEqualTo("[B");
    JsonNode chunks =
        StreamSupport.stream(classes.spliterator(), false)
            .filter(c -> c.path("name").asString().endsWith("LeakyHandler$LeakedChunk"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no LeakedChunk in " + classes));
    assertThat(chunks.path("instances").asLong()).isGreaterThan(1000);
    JsonNode points = details.path("heapAfterGc").path("points");
    assertThat(points.size()).as(details.toString()).isGreaterThan(2);
    assertThat(points.path(points.size() - 1).path("bytes").asLong())
        .isGreaterThan(points.path(0).path("bytes").asLong());
  }

  /**
   * A leak of 16 MiB/s fills a 256 MiB sandbox's heap in about ten seconds: faster than the
   * sampling and the window of the policy can act. The runner's projection, at the
   * collection that shows it, starts the replacement early enough to lose no request.
   */
  @Test
  void aLeakOfSixteenMebibytesASecondIsRecycledBeforeTheHeapIsFullWithoutAFailedRequest() {
    create(Map.of("name", "web", "limits", Map.of("memory", "256MiB")));
    assertThat(put("env", Map.of("LEAK_BYTES_PER_SECOND", String.valueOf(16 << 20))).status())
        .isEqualTo(200);
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("leaky"))))
        .isEqualTo("live");
    String first = sandboxes().getFirst();
    var policy = put("recycle", Map.of("heapAfterGcPercent", 70, "memoryPercent", 80));
    assertThat(policy.status()).as(policy.body()).isEqualTo(200);

    Map<Integer, Long> statuses;
    try (Load load = new Load(EDGE_PORT, acme.host("web"), "/", 4, Duration.ofMillis(10))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !event("sandbox.recycled").isEmpty() || !event("sandbox.crashed").isEmpty());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sandboxes().size() == 1 && !sandboxes().contains(first));
      statuses = load.stop();
    }

    String events = api().get(acme.apps() + "/web/events", acme.token()).body();
    assertThat(event("sandbox.crashed")).as(events).isEmpty();
    assertThat(statuses).as(events).containsOnlyKeys(200);
    assertThat(event("sandbox.recycled").getFirst())
        .contains("heap after GC at", "growing", "full in", "a replacement needs");
  }

  @Test
  void anInstanceIsRecycledAfterServingMaxRequestsAndThePolicyReadsBack() {
    create(Map.of("name", "web"));
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
    String first = sandboxes().getFirst();

    assertThat(put("recycle", Map.of("maxRequests", 100)).status()).isEqualTo(200);
    assertThat(
            api()
                .get(acme.apps() + "/web/recycle", acme.token())
                .json()
                .get("maxRequests")
                .asLong())
        .isEqualTo(100);
    IntStream.range(0, 120)
        .forEach(
            i -> assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/").status()).isEqualTo(200));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sandboxes().size() == 1 && !sandboxes().contains(first));
    assertThat(event("sandbox.recycled").getFirst()).contains("requests; policy 100");
    assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/count").body()).isEqualTo("1\n");
  }

  @Test
  void anInstanceWhoseRunnerStopsAnsweringIsReplacedWithoutAnyPolicy() throws Exception {
    create(Map.of("name", "web"));
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
    String frozen = sandboxes().getFirst();

    // Its JVM stopped from the host: the container still runs, its runner answers nothing. (A
    // paused container is what a sleeping app's sandbox is, and is left alone.)
    long pid = Infrastructure.docker().inspectContainerCmd(frozen).exec().getState().getPidLong();
    assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> !event("sandbox.unhealthy").isEmpty());
    assertThat(event("sandbox.unhealthy").getFirst()).contains("did not answer 3 samples");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(sandboxes()).hasSize(1).doesNotContain(frozen);
              assertThat(Infrastructure.containersOf(INSTALLATION))
                  .noneMatch(c -> c.getId().equals(frozen));
              assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/").status()).isEqualTo(200);
            });
  }

  @Test
  void aPolicyThatCannotApplyIsAClearErrorAndChangesNothing() {
    create(Map.of("name", "web"));
    assertThat(put("recycle", Map.of("memoryPercent", 90)).status()).isEqualTo(200);

    for (var bad :
        List.of(
            Map.of("memoryPercent", 0),
            Map.of("heapAfterGcPercent", 101),
            Map.of("maxUptime", "24h"),
            Map.of("maxUptime", "PT1S"),
            Map.of("maxRequests", -5),
            Map.of("sustainedFor", "PT2H"))) {
      var refused = put("recycle", bad);
      assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.text("detail")).contains(bad.keySet().iterator().next());
    }
    JsonNode kept = api().get(acme.apps() + "/web/recycle", acme.token()).json();
    assertThat(kept.get("memoryPercent").asInt()).isEqualTo(90);
  }

  private void create(Map<String, ?> app) {
    var created = api().post(acme.apps(), acme.token(), app);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private Api.Response put(String what, Map<String, ?> body) {
    return api().put(acme.apps() + "/web/" + what, acme.token(), body);
  }

  private List<String> event(String type) {
    JsonNode events = api().get(acme.apps() + "/web/events", acme.token()).json();
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> e.get("type").asString().equals(type))
        .map(e -> e.get("message").asString())
        .toList();
  }

  private JsonNode recycledDetails() {
    JsonNode events = api().get(acme.apps() + "/web/events", acme.token()).json();
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> e.get("type").asString().equals("sandbox.recycled"))
        .map(e -> e.get("details"))
        .findFirst()
        .orElse(null);
  }

  private List<String> sandboxes() {
    return Infrastructure.containersOf(INSTALLATION).stream()
        .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
        .filter(c -> c.getState().equals("running"))
        .map(c -> c.getId())
        .toList();
  }
}
