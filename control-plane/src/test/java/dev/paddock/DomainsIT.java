package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.ChallTestSrv;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.OwnInstallation;
import dev.paddock.support.Tenancy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An app's own host names: routed only once the tenant proves control of each (a DNS TXT record
 * through a real DNS server, Debian's pebble-challtestsrv, or the HTTP token the edge serves), one
 * app's at most, never Paddock's own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class DomainsIT {

  private static final OwnInstallation OWN = OwnInstallation.of("domains");
  private static ChallTestSrv dns;

  @Autowired JdbcClient db;

  @LocalServerPort int port;

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
    Infrastructure.requirePrograms("pebble", "pebble-challtestsrv");
    dns = ChallTestSrv.start();
  }

  @AfterAll
  static void stopDns() {
    if (dns != null) {
      dns.close();
    }
  }

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    OWN.controlPlane(registry, Duration.ofSeconds(20));
    registry.add("paddock.domains.verification.resolver", () -> dns.resolver());
    registry.add("paddock.domains.verification.http-port", () -> OWN.edgePort());
    registry.add("paddock.domains.verification.timeout", () -> "2s");
    registry.add("paddock.domains.verification.first-retry", () -> "1s");
    registry.add("paddock.domains.verification.attempts", () -> 3);
    registry.add("paddock.domains.verification.interval", () -> "500ms");
  }

  @Test
  void aNameRoutesOnlyOnceItsControlIsProvenByDnsOrByTheEdgesToken() throws Exception {
    Api api = new Api(URI.create("http://127.0.0.1:" + port + "/"));
    Tenancy acme = Tenancy.create(api, OWN.admin(), Infrastructure.uniqueName("acme"));
    Tenancy other = Tenancy.create(api, OWN.admin(), Infrastructure.uniqueName("other"));
    acme.createApp("shop");
    other.createApp("shop");
    try {
      assertThat(
              acme.awaitDeploy("shop", acme.uploadAndDeploy("shop", Api.example("hello-handler"))))
          .isEqualTo("live");
      String domains = acme.apps() + "/shop/domains/";

      // A name that points elsewhere: claimed, pending, not routed, checked with back-off until
      // the checks stop.
      String txt = "txt-" + acme.tenant() + ".example.test";
      dns.a(txt, "127.0.0.2");
      var added = api.put(domains + txt, acme.token(), Map.of());
      assertThat(added.status()).as(added.body()).isEqualTo(200);
      assertThat(added.json().get(0).asString()).isEqualTo(txt);
      assertThat(api.put(domains + txt, acme.token(), Map.of()).status()).isEqualTo(200);
      JsonNode pending = api.get(domains + txt, acme.token()).json();
      String token = pending.get("token").asString();
      assertThat(token).matches("[0-9a-f]{32}");
      assertThat(pending.get("txtRecord").asString()).isEqualTo("_paddock." + txt);
      assertThat(pending.get("todo").asString()).contains("TXT record _paddock." + txt);
      // Someone else's unproven claim does not hold the name hostage.
      assertThat(api.put(other.apps() + "/shop/domains/" + txt, other.token(), Map.of()).status())
          .isEqualTo(200);

      JsonNode failed = awaitState(api, acme, txt, "failed");
      assertThat(failed.get("attempts").asInt()).isEqualTo(3);
      assertThat(failed.get("nextCheck").isNull()).isTrue();
      assertThat(failed.get("lastError").asString())
          .contains("no TXT record at _paddock." + txt)
          .contains("127.0.0.2");
      assertThat(Api.edge(OWN.edgePort(), txt, "/").status()).isEqualTo(404);
      assertThat(OWN.edgeConfig()).doesNotContain(txt);
      // The edge serves the token for any name it does not route, without a reload.
      var served = Api.edge(OWN.edgePort(), txt, "/.well-known/paddock/" + token);
      assertThat(served.status()).isEqualTo(200);
      assertThat(served.body().strip()).isEqualTo(token);
      assertThat(Api.edge(OWN.edgePort(), txt, "/.well-known/paddock/" + "0".repeat(32)).status())
          .isEqualTo(404);
      String names = api.get(acme.apps() + "/shop/https", acme.token()).body();
      assertThat(names).contains("\"verification\":\"failed\"");

      // The TXT record in place, a check on demand proves it and the name routes.
      dns.txt("_paddock." + txt, token);
      var verified = api.post(domains + txt + "/verify", acme.token(), Map.of());
      assertThat(verified.status()).as(verified.body()).isEqualTo(200);
      assertThat(verified.text("state")).isEqualTo("verified");
      awaitServed(txt);
      assertThat(api.get(acme.apps() + "/shop/events", acme.token()).body())
          .contains("domain.verified")
          .contains("domain.unverified");
      // Now it is taken: the other app's claim is refused, its own check fails.
      var taken = api.put(other.apps() + "/shop/domains/" + txt, other.token(), Map.of());
      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.text("detail")).contains("already used by another app");
      var lost =
          api.post(other.apps() + "/shop/domains/" + txt + "/verify", other.token(), Map.of());
      assertThat(lost.text("state")).isEqualTo("failed");
      assertThat(lost.text("lastError")).contains("another app proved control of this name first");
      assertThat(api.get(other.apps() + "/shop/domains/" + txt, acme.token()).status())
          .isEqualTo(404);

      // A name whose DNS points at the edge proves itself by the token the edge serves.
      String web = "web-" + acme.tenant() + ".example.test";
      assertThat(api.put(domains + web, acme.token(), Map.of()).status()).isEqualTo(200);
      assertThat(awaitState(api, acme, web, "verified").get("verifiedAt").isNull()).isFalse();
      awaitServed(web);

      // Reserved or malformed: refused, and the edge's configuration does not change.
      String before = OWN.edgeConfig();
      var reserved =
          api.put(domains + "shop." + other.tenant() + ".localhost", acme.token(), Map.of());
      var malformed = api.put(domains + "evil.com%0AInclude", acme.token(), Map.of());
      var wildcard = api.put(domains + "*.example.com", acme.token(), Map.of());
      assertThat(reserved.status()).isEqualTo(400);
      assertThat(reserved.text("type")).endsWith("/reserved-domain");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(wildcard.status()).isEqualTo(400);
      assertThat(wildcard.text("type")).endsWith("/invalid-domain");
      assertThat(OWN.edgeConfig()).isEqualTo(before).contains(txt).contains(web);

      // A certificate failure of the name, as the edge's watch records it (V21).
      db.sql("insert into certificate_failures (host, error) values (?, 'refused by the CA')")
          .param(txt)
          .update();
      assertThat(api.delete(domains + txt, acme.token()).status()).isEqualTo(204);
      assertThat(
              db.sql("select count(*) from certificate_failures where host = ?")
                  .param(txt)
                  .query(Long.class)
                  .single())
          .as("the failure goes with the name")
          .isZero();
      assertThat(api.delete(domains + txt, acme.token()).status()).isEqualTo(404);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(Api.edge(OWN.edgePort(), txt, "/").status()).isEqualTo(404));
    } finally {
      acme.deleteApp("shop", OWN.name());
      other.deleteApp("shop", OWN.name());
    }
  }

  private static JsonNode awaitState(Api api, Tenancy tenancy, String host, String state) {
    JsonNode[] seen = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              var got = api.get(tenancy.apps() + "/shop/domains/" + host, tenancy.token());
              assertThat(got.status()).as(got.body()).isEqualTo(200);
              seen[0] = got.json();
              assertThat(seen[0].get("state").asString())
                  .as("%s; dns: %s", got.body(), dns.log())
                  .isEqualTo(state);
            });
    return seen[0];
  }

  private static void awaitServed(String host) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Api.edge(OWN.edgePort(), host, "/").body())
                    .isEqualTo("Hello from Paddock (handler)\n"));
  }
}
