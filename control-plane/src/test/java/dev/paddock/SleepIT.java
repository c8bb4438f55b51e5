package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Scale-to-zero: an idle app sleeps with no sandbox, and the requests that arrive while it sleeps
 * are held through the real httpd edge until one woken sandbox answers them all.
 */
class SleepIT extends InProcessPaddock {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Tenancy acme;

  @BeforeEach
  void tenant() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("sleep"));
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void anIdleAppSleepsAndTwentyConcurrentRequestsAllGetTheirAnswerFromOneWokenSandbox() {
    deployHello();
    assertThat(idle(Map.of("sleepAfter", "PT2S")).status()).isEqualTo(200);
    awaitAsleep();
    assertThat(running()).isEmpty();
    List<String> paused = containers("paused");
    assertThat(paused).hasSize(1);
    assertThat(acme.app("web").text("status")).isEqualTo("asleep");
    assertThat(api().get(acme.apps() + "/web/idle", acme.token()).text("sleepAfter"))
        .isEqualTo("PT2S");

    List<HttpResponse<String>> answers = concurrently(20, "/instance");

    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    assertThat(answers.stream().map(HttpResponse::body).distinct()).hasSize(1);
    // The paused sandbox was thawed and switched back in: no new one was started.
    assertThat(running()).isEqualTo(paused);
    assertThat(acme.app("web").text("status")).isEqualTo("running");
    assertThat(events("app.slept")).isNotEmpty();
    assertThat(events("app.woke").getFirst()).startsWith("Woke in ").contains(" ms");
  }

  @Test
  void aWakeThatCannotStartAnswersTheHeldRequestsWithThe503PageAndSaysWhy() {
    deployHello();
    assertThat(idle(Map.of("sleepAfter", "PT2S")).status()).isEqualTo(200);
    awaitAsleep();
    // A paused sandbox is thawed at a wake, not started: wait until the pause is over.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> containers("paused").isEmpty());
    // Too few processes for a JVM to start: the wake's sandbox dies on start.
    var limits = api().put(acme.apps() + "/web/limits", acme.token(), Map.of("pids", 16));
    assertThat(limits.status()).as(limits.body()).isEqualTo(200);

    List<HttpResponse<String>> answers = concurrently(5, "/");

    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(503));
    assertThat(answers.getFirst().body()).contains("This app is not running right now");
    await().atMost(Duration.ofSeconds(30)).until(() -> !events("app.wake-failed").isEmpty());
    assertThat(events("app.wake-failed").getFirst()).startsWith("Could not wake: ");
    await().atMost(Duration.ofSeconds(30)).until(() -> running().isEmpty());
    assertThat(acme.app("web").text("status")).isEqualTo("asleep");
  }

  @Test
  void aDeployOfASleepingAppIsHealthCheckedThenSleepsAndTheNextWakeRunsIt() {
    deployHello();
    assertThat(idle(Map.of("sleepAfter", "PT2S")).status()).isEqualTo(200);
    awaitAsleep();

    long deploy = acme.uploadAndDeploy("web", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("web", deploy)).isEqualTo("live");
    awaitAsleep();
    await().atMost(Duration.ofSeconds(30)).until(() -> running().isEmpty());

    HttpResponse<String> answer = concurrently(1, "/release").getFirst();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body().strip()).isEqualTo("2");
  }

  @Test
  void aSleepingAppScaledToTwoWakesWithBothAndRestartStaysAsleep() {
    deployHello();
    assertThat(idle(Map.of("sleepAfter", "PT2S")).status()).isEqualTo(200);
    awaitAsleep();

    var scaled = api().put(acme.apps() + "/web/scale", acme.token(), Map.of("instances", 2));
    assertThat(scaled.status()).as(scaled.body()).isEqualTo(200);
    assertThat(acme.app("web").text("status")).isEqualTo("asleep");
    assertThat(running()).isEmpty();

    assertThat(concurrently(4, "/")).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> running().size() == 2);

    awaitAsleep();
    long restart = acme.rollout("web", "restart", "{}");
    assertThat(acme.awaitDeploy("web", restart)).isEqualTo("live");
    awaitAsleep();
    await().atMost(Duration.ofSeconds(30)).until(() -> running().isEmpty());
  }

  @Test
  void turningSleepOffWakesTheAppAndBoundsAreClearProblems() {
    deployHello();
    assertThat(idle(Map.of("sleepAfter", "PT2S")).status()).isEqualTo(200);
    awaitAsleep();

    Map<String, Object> off = new HashMap<>();
    off.put("sleepAfter", null);
    assertThat(idle(off).status()).isEqualTo(200);
    // The status is read from the sandboxes the last pass recorded, the containers from the
    // engine: the two may disagree for a moment, so both are awaited.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> acme.app("web").text("status").equals("running") && running().size() == 1);

    for (String bad : List.of("PT0.5S", "P400D", "fifteen minutes")) {
      var refused = idle(Map.of("sleepAfter", bad));
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void aSandboxPausedLongerThanPausedForIsRemovedAndTheNextWakeStartsANewOne() {
    deployHello();
    assertThat(idle(Map.of("sleepAfter", "PT2S")).status()).isEqualTo(200);
    awaitAsleep();
    List<String> paused = containers("paused");
    assertThat(paused).hasSize(1);

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> containers("paused").isEmpty() && running().isEmpty());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events("app.slept").stream().anyMatch(e -> e.contains("free their memory")));

    assertThat(concurrently(3, "/")).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    assertThat(running()).hasSize(1).doesNotContainAnyElementsOf(paused);
  }

  @Test
  void aTenantsDefaultIdleTimeIsGivenToTheAppsCreatedAfterItAndOnlyTheAdminSetsIt() {
    String idle = "api/v1/tenants/" + acme.tenant() + "/idle";
    acme.createApp("before");
    assertThat(api().get(idle, acme.token()).json().get("sleepAfter").isNull()).isTrue();

    var byOwner = api().put(idle, acme.token(), Map.of("sleepAfter", "PT30M"));
    assertThat(byOwner.status()).isEqualTo(403);
    var tooLong = api().put(idle, ADMIN, Map.of("sleepAfter", "P400D"));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.contentType()).startsWith("application/problem+json");
    var set = api().put(idle, ADMIN, Map.of("sleepAfter", "PT30M"));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(api().get(idle, acme.token()).text("sleepAfter")).isEqualTo("PT30M");

    acme.createApp("after");
    assertThat(api().get(acme.apps() + "/after/idle", acme.token()).text("sleepAfter"))
        .isEqualTo("PT30M");
    assertThat(
            api().get(acme.apps() + "/before/idle", acme.token()).json().get("sleepAfter").isNull())
        .isTrue();
    var own = new HashMap<String, Object>();
    own.put("sleepAfter", null);
    assertThat(api().put(acme.apps() + "/after/idle", acme.token(), own).status()).isEqualTo(200);
    assertThat(
            api().get(acme.apps() + "/after/idle", acme.token()).json().get("sleepAfter").isNull())
        .isTrue();

    Tenancy other = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("other"));
    assertThat(api().get(idle, other.token()).status()).isEqualTo(404);
    acme.deleteApp("before", INSTALLATION);
    acme.deleteApp("after", INSTALLATION);
  }

  @Test
  void aDeletedSleepingAppLeavesNothingListening() {
    deployHello();
    assertThat(idle(Map.of("sleepAfter", "PT2S")).status()).isEqualTo(200);
    awaitAsleep();

    acme.deleteApp("web", INSTALLATION);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Api.edge(EDGE_PORT, acme.host("web"), "/").status() == 404);
  }

  private void deployHello() {
    acme.createApp("web");
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
  }

  private Api.Response idle(Map<String, ?> body) {
    return api().put(acme.apps() + "/web/idle", acme.token(), body);
  }

  private void awaitAsleep() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> acme.app("web").text("status").equals("asleep") && running().isEmpty());
  }

  /** {@code count} GETs through the edge at once, each allowed the time a wake takes. */
  private List<HttpResponse<String>> concurrently(int count, String path) {
    List<CompletableFuture<HttpResponse<String>>> sent =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    HTTP.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + EDGE_PORT + path))
                            .header("Host", acme.host("web"))
                            .timeout(Duration.ofSeconds(90))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
            .toList();
    return sent.stream().map(CompletableFuture::join).toList();
  }

  private List<String> events(String type) {
    JsonNode events = api().get(acme.apps() + "/web/events", acme.token()).json();
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> e.get("type").asString().equals(type))
        .map(e -> e.get("message").asString())
        .toList();
  }

  private List<String> running() {
    return containers("running");
  }

  /** The ids of the tenant's containers in that state. */
  private List<String> containers(String state) {
    return Infrastructure.containersOf(INSTALLATION).stream()
        .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
        .filter(c -> c.getState().equals(state))
        .map(c -> c.getId())
        .toList();
  }
}
