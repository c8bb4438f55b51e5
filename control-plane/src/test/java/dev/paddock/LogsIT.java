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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An app's output is kept across its sandboxes and can be followed live through a redeploy. */
class LogsIT extends InProcessPaddock {

  private Tenancy acme;

  @BeforeEach
  void deployed() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("logs"));
    acme.createApp("web");
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void linesWrittenBeforeARestartAreStillThereAfterItInOrder() {
    log("before-restart");
    await().atMost(Duration.ofSeconds(20)).until(() -> tail(100).contains("before-restart"));

    assertThat(acme.awaitDeploy("web", acme.rollout("web", "restart", "{}"))).isEqualTo("live");
    log("after-restart");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(tail(100))
                    .containsSubsequence("before-restart", "after-restart")
                    .containsOnlyOnce("before-restart"));
    // The retiring sandbox may still log its drain after the new one's line: look at the markers.
    assertThat(tail(100)).last().isEqualTo("after-restart");
  }

  @Test
  void followingStreamsNewLinesLiveAndGoesOnAcrossARedeploy() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofVirtual().start(() -> follow(lines));
    try {
      log("first-live");
      assertThat(next(lines, "first-live")).isTrue();

      assertThat(acme.awaitDeploy("web", acme.rollout("web", "restart", "{}"))).isEqualTo("live");
      log("after-redeploy");
      assertThat(next(lines, "after-redeploy")).isTrue();
    } finally {
      reader.interrupt();
    }
  }

  @Test
  void anotherTenantCannotReadTheLogs() {
    Tenancy other = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("other"));
    var response =
        api().get("api/v1/tenants/" + acme.tenant() + "/apps/web/logs?tail=5", other.token());
    assertThat(response.status()).isEqualTo(404);
  }

  private void log(String text) {
    assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/log?" + text).body()).isEqualTo("logged\n");
  }

  private List<String> tail(int n) {
    var response = api().get(acme.apps() + "/web/logs?tail=" + n, acme.token());
    assertThat(response.status()).isEqualTo(200);
    return StreamSupport.stream(response.json().spliterator(), false)
        .map(line -> line.get("line").asString())
        .filter(line -> !line.startsWith("{") && !line.contains(" "))
        .toList();
  }

  private static boolean next(BlockingQueue<String> lines, String wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.contains("\"line\":\"" + wanted + "\"")) {
        return true;
      }
    }
    return false;
  }

  private void follow(BlockingQueue<String> lines) {
    try {
      HttpResponse<java.io.InputStream> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:%d/%s/web/logs?follow=true&tail=0"
                                  .formatted(port, acme.apps())))
                      .header("Authorization", "Bearer " + acme.token())
                      .header("Accept", "text/event-stream")
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      try (var reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          if (line.startsWith("data:")) {
            lines.add(line);
          }
        }
      }
    } catch (Exception stopped) {
      // The test is over.
    }
  }
}
