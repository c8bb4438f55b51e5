package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An app's own host names: served by its virtual host, one app's at most, never Paddock's own. */
class DomainsIT extends InProcessPaddock {

  @Test
  void anAppAnswersOnItsOwnHostNameUntilItIsRemoved() throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("acme"));
    Tenancy other = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("other"));
    acme.createApp("shop");
    other.createApp("shop");
    assertThat(acme.awaitDeploy("shop", acme.uploadAndDeploy("shop", Api.example("hello-handler"))))
        .isEqualTo("live");
    String host = "shop-" + acme.tenant() + ".example.com";
    String domains = acme.apps() + "/shop/domains/";

    var added = api().put(domains + host, acme.token(), Map.of());

    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().get(0).asString()).isEqualTo(host);
    assertThat(api().put(domains + host, acme.token(), Map.of()).status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Api.edge(EDGE_PORT, host, "/").body())
                    .isEqualTo("Hello from Paddock (handler)\n"));

    // Taken, reserved or malformed: refused, and the edge's configuration does not change.
    String before = Files.readString(vhosts());
    var taken = api().put(other.apps() + "/shop/domains/" + host, other.token(), Map.of());
    var reserved =
        api().put(domains + "shop." + other.tenant() + ".localhost", acme.token(), Map.of());
    var malformed = api().put(domains + "evil.com%0AInclude", acme.token(), Map.of());
    var wildcard = api().put(domains + "*.example.com", acme.token(), Map.of());
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.text("detail")).contains("already used by another app");
    assertThat(reserved.status()).isEqualTo(400);
    assertThat(reserved.text("type")).endsWith("/reserved-domain");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(wildcard.status()).isEqualTo(400);
    assertThat(wildcard.text("type")).endsWith("/invalid-domain");
    assertThat(Files.readString(vhosts())).isEqualTo(before).contains("ServerAlias " + host);
    assertThat(api().get(other.apps() + "/shop/domains", other.token()).json().size()).isZero();

    assertThat(api().delete(domains + host, acme.token()).status()).isEqualTo(204);
    assertThat(api().delete(domains + host, acme.token()).status()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(Api.edge(EDGE_PORT, host, "/").status()).isEqualTo(404));
    acme.deleteApp("shop", INSTALLATION);
    other.deleteApp("shop", INSTALLATION);
  }
}
