package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tokens an owner mints, lists and revokes; every change and refusal in the audit log. */
class AuditIT extends InProcessPaddock {

  @Test
  void anOwnerMintsListsAndRevokesTokensAndARevokedTokenIsRefusedAtOnce() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("tokens"));
    String tokens = "api/v1/tenants/" + acme.tenant() + "/tokens";

    var minted = api().post(tokens, acme.token(), Map.of("name", "ci", "role", "developer"));
    assertThat(minted.status()).as(minted.body()).isEqualTo(201);
    String ci = minted.text("token");
    assertThat(api().get(acme.apps(), ci).status()).isEqualTo(200);
    assertThat(api().post(tokens, ci, Map.of("name", "x", "role", "viewer")).status())
        .isEqualTo(403);

    JsonNode listed = api().get(tokens, acme.token()).json();
    assertThat(names(listed)).containsExactly("owner", "ci");
    assertThat(listed.get(1).get("lastUsedAt").isNull()).isFalse();
    assertThat(listed.toString()).doesNotContain(ci);
    assertThat(api().get(tokens, ci).status()).isEqualTo(403);

    assertThat(api().delete(tokens + "/ci", acme.token()).status()).isEqualTo(204);
    assertThat(api().get(acme.apps(), ci).status()).isEqualTo(401);
    assertThat(api().get(tokens, acme.token()).json().get(1).get("revokedAt").isNull()).isFalse();
    assertThat(api().delete(tokens + "/nope", acme.token()).status()).isEqualTo(404);
  }

  @Test
  void everyChangeAndEveryRefusalIsInTheAuditLogForTheOwnerAndTheAdmin() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("audit"));
    Tenancy other = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("other"));
    String viewer =
        api()
            .post(
                "api/v1/tenants/" + acme.tenant() + "/tokens",
                acme.token(),
                Map.of("name", "reader", "role", "viewer"))
            .text("token");

    acme.createApp("web");
    assertThat(api().post(acme.apps(), viewer, Map.of("name", "nope")).status()).isEqualTo(403);
    assertThat(api().post(acme.apps(), null, Map.of("name", "nope")).status()).isEqualTo(401);
    assertThat(api().delete(acme.apps() + "/web", acme.token()).status()).isEqualTo(204);

    String audit = "api/v1/tenants/" + acme.tenant() + "/audit";
    List<String> entries =
        StreamSupport.stream(api().get(audit, acme.token()).json().spliterator(), false)
            .map(
                e ->
                    String.join(
                        " ",
                        e.get("actor").asString(),
                        e.get("role").asString(),
                        e.get("method").asString(),
                        e.get("path").asString(),
                        e.get("status").asString(),
                        e.get("remote").asString()))
            .toList();
    String apps = "/" + acme.apps();
    assertThat(entries.reversed())
        .containsSubsequence(
            "admin admin POST /api/v1/tenants/" + acme.tenant() + "/tokens 201 127.0.0.1",
            "token:owner owner POST " + apps + " 201 127.0.0.1",
            "token:reader viewer POST " + apps + " 403 127.0.0.1",
            "anonymous none POST " + apps + " 401 127.0.0.1",
            "token:owner owner DELETE " + apps + "/web 204 127.0.0.1");

    assertThat(api().get(audit, viewer).status()).isEqualTo(403);
    assertThat(api().get(audit, other.token()).status()).isEqualTo(404);
    assertThat(api().get("api/v1/audit", acme.token()).status()).isEqualTo(403);
    assertThat(api().get("api/v1/audit?limit=1000", ADMIN).body())
        .contains(acme.tenant(), other.tenant());
  }

  private static List<String> names(JsonNode tokens) {
    return StreamSupport.stream(tokens.spliterator(), false)
        .map(t -> t.get("name").asString())
        .toList();
  }
}
