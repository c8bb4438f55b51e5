package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deploys, rollbacks, failed releases and crashes: whatever happens, the app keeps serving. */
class RolloutIT extends InProcessPaddock {

  private static final String HANDLER = "Hello from Paddock (handler)\n";
  private static final String RUNNABLE = "Hello from Paddock (runnable)\n";

  private Tenancy acme;

  @BeforeEach
  void app() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("rollout"));
    acme.createApp("web");
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void deployV1ThenV2ThenRollbackToV1EachSwitchTheBodyServed() {
    int v1 = acme.upload("web", Api.example("hello-handler"));
    int v2 = acme.upload("web", Api.example("hello-runnable"));

    long first = acme.rollout("web", "deploys", "{\"release\": " + v1 + "}");
    assertThat(acme.awaitDeploy("web", first)).isEqualTo("live");
    assertServed(HANDLER);
    long second = acme.rollout("web", "deploys", "{\"release\": " + v2 + "}");
    assertThat(acme.awaitDeploy("web", second)).isEqualTo("live");
    assertServed(RUNNABLE);
    long back = acme.rollout("web", "rollback", "{\"release\": " + v1 + "}");
    assertThat(acme.awaitDeploy("web", back)).isEqualTo("live");
    assertServed(HANDLER);

    var rollback = acme.deploy("web", back).json();
    assertThat(rollback.get("kind").asString()).isEqualTo("rollback");
    assertThat(rollback.get("release").asInt()).isEqualTo(v1);
    assertThat(steps(rollback))
        .containsExactly("uploaded", "starting", "healthy", "switching", "live");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(acme.app("web").json().get("instances"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.get("release").asInt()).isEqualTo(v1)));
  }

  @Test
  void aReleaseThatNeverBecomesHealthyFailsAndTheLiveOneKeepsServing() {
    deployHelloAsV1();

    long broken = acme.uploadAndDeploy("web", Api.example("never-healthy"));

    assertServed(HANDLER);
    assertThat(acme.awaitDeploy("web", broken)).isEqualTo("failed");
    var deploy = acme.deploy("web", broken).json();
    assertThat(deploy.get("error").asString())
        .contains(
            "did not become healthy",
            "not healthy within",
            "nothing accepts connections on port 8080",
            "Last log lines");
    assertThat(steps(deploy)).containsExactly("uploaded", "starting", "failed");
    assertServed(HANDLER);
    assertThat(acme.app("web").json().get("liveRelease").asInt()).isEqualTo(1);
  }

  @Test
  void aRunnableJarWhosePortAcceptsConnectionsButNeverAnswersFailsAndSaysWhy() {
    var env = api().put(acme.apps() + "/web/env", acme.token(), Map.of("NEVER_HEALTHY", "silent"));
    assertThat(env.status()).as(env.body()).isEqualTo(200);
    deployHelloAsV1();

    long hung = acme.uploadAndDeploy("web", Api.example("never-healthy"));

    assertServed(HANDLER);
    assertThat(acme.awaitDeploy("web", hung)).isEqualTo("failed");
    assertThat(acme.deploy("web", hung).json().get("error").asString())
        .contains(
            "did not become healthy",
            "port 8080 accepts connections, but GET / got no HTTP answer within 5 s",
            "the app counts as serving once it answers HTTP on the port in $PORT (8080)",
            "accepting connections on port 8080, answering none");
    assertServed(HANDLER);
    assertThat(acme.app("web").json().get("liveRelease").asInt()).isEqualTo(1);
  }

  @Test
  void aReleaseThatCrashesOnStartIsNeverPromoted() {
    deployHelloAsV1();

    long crashing = acme.uploadAndDeploy("web", Api.example("crashing"));

    assertThat(acme.awaitDeploy("web", crashing)).isEqualTo("failed");
    assertThat(acme.deploy("web", crashing).json().get("error").asString())
        .contains("exited with code 1", "crashing on purpose");
    assertServed(HANDLER);
  }

  @Test
  void aCrashLoopRightAfterADeployRollsBackToTheReleaseThatServedBefore() {
    deployHelloAsV1();

    long bad = acme.uploadAndDeploy("web", Api.example("crash-after"));

    assertThat(acme.awaitDeploy("web", bad)).isEqualTo("live");
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var latest = api().get(acme.apps() + "/web/deploys", acme.token()).json().get(0);
              assertThat(latest.get("kind").asString()).isEqualTo("rollback");
              assertThat(latest.get("reason").asString()).contains("Crash loop", "v2", "v1");
              assertThat(latest.get("status").asString()).isEqualTo("live");
            });
    assertServed(HANDLER);
    assertThat(acme.app("web").json().get("liveRelease").asInt()).isEqualTo(1);
  }

  @Test
  void aSecondRolloutWhileOneIsPendingIsRefusedWith409() {
    long slow = acme.uploadAndDeploy("web", Api.example("slow-start"));

    var second = api().post(acme.apps() + "/web/deploys", acme.token(), "{}");
    var restart = api().post(acme.apps() + "/web/restart", acme.token(), "{}");

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.contentType()).startsWith("application/problem+json");
    assertThat(second.text("detail")).contains("#" + slow, "still pending");
    assertThat(restart.status()).isEqualTo(409);
    assertThat(acme.awaitDeploy("web", slow)).isEqualTo("live");
  }

  @Test
  void aSandboxWhoseJvmIsKilledIsReplacedAndTheRestartIsRecorded() {
    deployHelloAsV1();
    String before = sandboxId();

    Infrastructure.docker().killContainerCmd(before).withSignal("KILL").exec();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(sandboxId()).isNotIn(before, "none");
              assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/").body()).isEqualTo(HANDLER);
            });
    assertThat(acme.app("web").json().get("lastError").asString()).contains("died", "SIGKILL");
  }

  @Test
  void aRestartReplacesTheSandboxAndStreamsItsStepsAsServerSentEvents() throws Exception {
    deployHelloAsV1();
    String before = sandboxId();

    long restart = acme.rollout("web", "restart", "{}");
    List<String> events = follow(restart);

    assertThat(events).contains("event:step").last().isEqualTo("event:done");
    assertThat(acme.deploy("web", restart).json().get("status").asString()).isEqualTo("live");
    assertThat(sandboxId()).isNotEqualTo(before);
    assertServed(HANDLER);
  }

  private void deployHelloAsV1() {
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
  }

  private void assertServed(String body) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/").body()).isEqualTo(body));
  }

  private String sandboxId() {
    return Infrastructure.containersOf(INSTALLATION).stream()
        .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
        .filter(c -> c.getState().equals("running"))
        .findFirst()
        .map(c -> c.getId())
        .orElse("none");
  }

  private static List<String> steps(tools.jackson.databind.JsonNode deploy) {
    return StreamSupport.stream(deploy.get("steps").spliterator(), false)
        .map(step -> step.get("step").asString())
        .toList();
  }

  /** Reads the deploy's event stream to its end; returns the {@code event:} lines. */
  private List<String> follow(long id) throws Exception {
    HttpResponse<java.io.InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:%d/%s/web/deploys/%d"
                                .formatted(port, acme.apps(), id)))
                    .header("Authorization", "Bearer " + acme.token())
                    .header("Accept", "text/event-stream")
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<String> events = new ArrayList<>();
    try (var reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("event:")) {
          events.add(line.replace(" ", ""));
        }
      }
    }
    return events;
  }
}
