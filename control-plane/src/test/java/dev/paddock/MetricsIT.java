package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Readings of running sandboxes: as series per app, as gauges for Prometheus, and events. */
class MetricsIT extends InProcessPaddock {

  private static final long LIMIT = 192L << 20;

  private Tenancy acme;

  @BeforeEach
  void deployed() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("metrics"));
    var created =
        api()
            .post(
                acme.apps(),
                acme.token(),
                Map.of("name", "web", "limits", Map.of("memory", "192MiB")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void aRunningSandboxIsSampledWithEngineAndJvmFiguresAndRates() {
    IntStream.range(0, 50).forEach(i -> Api.edge(EDGE_PORT, acme.host("web"), "/"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode instances = metrics("PT5M").get("instances");
              assertThat(instances).hasSize(1);
              JsonNode samples = instances.get(0).get("samples");
              assertThat(samples.size()).isGreaterThanOrEqualTo(2);
              JsonNode last = samples.get(samples.size() - 1);
              assertThat(last.get("memoryLimitBytes").asLong()).isEqualTo(LIMIT);
              assertThat(last.get("memoryBytes").asLong()).isBetween(1L << 20, LIMIT);
              assertThat(last.get("heapMaxBytes").asLong()).isBetween(1L << 20, LIMIT);
              assertThat(last.get("heapUsedBytes").asLong()).isPositive();
              assertThat(last.get("heapAfterGcBytes").isNumber()).isTrue();
              assertThat(last.get("pids").asLong()).isPositive();
              assertThat(last.get("threads").asLong()).isPositive();
              assertThat(last.get("requests").asLong()).isGreaterThanOrEqualTo(50);
              assertThat(last.get("cpuPercent").isNumber()).isTrue();
              assertThat(last.get("requestsPerSecond").isNumber()).isTrue();
            });
    assertThat(metrics(null).get("instances").get(0).get("release").asInt()).isEqualTo(1);
  }

  @Test
  void prometheusShowsEverySandboxTaggedByTenantAndAppToTheAdminOnly() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(api().get("actuator/prometheus", ADMIN).body())
                    .containsPattern(
                        "paddock_sandbox_memory_limit_bytes\\{app=\"web\",[^}]*tenant=\""
                            + acme.tenant()
                            + "\"} (201326592|2\\.01326592E8)"));
    // The control plane's own calls to the engine, by call, with their percentiles.
    assertThat(api().get("actuator/prometheus", ADMIN).body())
        .containsPattern(
            "paddock_engine_calls_seconds\\{call=\"POST /containers/\\{id\\}/start\",quantile=\"0.99\"}")
        .containsPattern(
            "paddock_engine_calls_seconds_count\\{call=\"GET /containers/json\"} [1-9]");

    assertThat(api().get("actuator/prometheus", null).status()).isEqualTo(401);
    assertThat(api().get("actuator/prometheus", acme.token()).status()).isEqualTo(403);
  }

  @Test
  void eventsTellTheAppsStoryAndOtherTenantsSeeNothing() {
    var events = api().get(acme.apps() + "/web/events", acme.token()).json();
    assertThat(events.get(0).get("type").asString()).isEqualTo("deploy.live");

    Tenancy other = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("other"));
    String theirs = "api/v1/tenants/" + acme.tenant() + "/apps/web/";
    assertThat(api().get(theirs + "metrics", other.token()).status()).isEqualTo(404);
    assertThat(api().get(theirs + "events", other.token()).status()).isEqualTo(404);
  }

  @Test
  void aSpanThatIsNotADurationOrTooLongIsAClearError() {
    for (String bad : new String[] {"15m", "PT2H", "-PT1M"}) {
      var refused = api().get(acme.apps() + "/web/metrics?last=" + bad, acme.token());
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.text("detail")).contains("last must be");
    }
  }

  private JsonNode metrics(String last) {
    var response =
        api()
            .get(
                acme.apps() + "/web/metrics" + (last == null ? "" : "?last=" + last), acme.token());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
