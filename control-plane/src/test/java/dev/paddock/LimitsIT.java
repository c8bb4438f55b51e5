package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defaults that keep one tenant from taking the host: ceilings per sandbox, a default quota,
 * and a bound on the streams a caller holds open.
 */
class LimitsIT extends InProcessPaddock {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void limitsAboveTheCeilingsAreRefusedWith422NamingTheSettingOnCreateAndOnChange() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("ceil"));
    var big =
        api()
            .post(
                acme.apps(),
                acme.token(),
                Map.of("name", "big", "limits", Map.of("memory", "5GiB")));
    assertAboveCeiling(big, "memory 5GiB", "paddock.limits.max-memory");
    assertThat(api().get(acme.apps() + "/big", acme.token()).status()).isEqualTo(404);

    acme.createApp("web");
    try {
      String limits = acme.apps() + "/web/limits";
      assertAboveCeiling(
          api().put(limits, acme.token(), Map.of("pids", 5000)), "pids 5000", "max-pids");
      double cores = Runtime.getRuntime().availableProcessors();
      if (cores < 64) {
        assertAboveCeiling(
            api().put(limits, acme.token(), Map.of("cpus", cores + 1)), "cpus", "max-cpus");
      }
      var absurd = api().put(limits, acme.token(), Map.of("memory", "8000000000GiB"));
      assertThat(absurd.status()).as(absurd.body()).isEqualTo(400);
      assertThat(absurd.text("detail")).contains("'8000000000GiB'", "at most");

      var web = api().get(acme.apps() + "/web", acme.token()).json().get("limits");
      assertThat(web.get("memory").asString()).isEqualTo("256MiB");
      assertThat(web.get("pids").asInt()).isEqualTo(256);
    } finally {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  @Test
  void aTenantCreatedWithoutAQuotaGetsTheDefaultOneAndAnEmptyQuotaIsNone() {
    String bounded = Infrastructure.uniqueName("dq");
    var created = api().post("api/v1/tenants", ADMIN, Map.of("name", bounded));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    var quota = created.json().get("quota");
    assertThat(quota.get("memory").asString()).isEqualTo("4GiB");
    assertThat(quota.get("apps").asInt()).isEqualTo(20);
    assertThat(quota.get("instances").asInt()).isEqualTo(40);

    String unbounded = Infrastructure.uniqueName("nq");
    var none = api().post("api/v1/tenants", ADMIN, Map.of("name", unbounded, "quota", Map.of()));
    assertThat(none.status()).as(none.body()).isEqualTo(201);
    assertThat(none.json().get("quota").get("memory").isNull()).isTrue();
    assertThat(none.json().get("quota").get("apps").isNull()).isTrue();
  }

  @Test
  void aCallerHoldsAtMostFiveStreamsAndAClosedOneFreesItsPlace() throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("streams"));
    acme.createApp("web");
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        HttpResponse<InputStream> stream = follow(acme);
        assertThat(stream.statusCode()).isEqualTo(200);
        open.add(stream);
      }

      HttpResponse<InputStream> refused = follow(acme);
      String problem;
      try (InputStream body = refused.body()) {
        problem = new String(body.readAllBytes());
      }
      assertThat(refused.statusCode()).as(problem).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("application/problem+json");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(problem).contains("has 5 streams open", "paddock.streams.per-caller");

      // The client just goes: the server finds out at its next keep-alive.
      open.removeFirst().body().close();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                HttpResponse<InputStream> next = follow(acme);
                if (next.statusCode() == 200) {
                  open.add(next);
                  return true;
                }
                next.body().close();
                return false;
              });
    } finally {
      for (HttpResponse<InputStream> stream : open) {
        stream.body().close();
      }
      acme.deleteApp("web", INSTALLATION);
    }
  }

  private HttpResponse<InputStream> follow(Tenancy tenancy) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:%d/%s/web/logs?follow=true&tail=0"
                        .formatted(port, tenancy.apps())))
            .header("Authorization", "Bearer " + tenancy.token())
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private static void assertAboveCeiling(Api.Response response, String... detail) {
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.text("type")).endsWith("/limit-above-ceiling");
    assertThat(response.text("detail")).contains(detail);
  }
}
