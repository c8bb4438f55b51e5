package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is refused before it touches anything; other tenants' things do not exist. */
class TenantBoundariesIT extends InProcessPaddock {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil\nProxyPass / http://127.0.0.1:22/",
        "app${PATH}",
        "app\"quote",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "Upper",
        "-dash",
        "a"
      })
  void aNameThatIsNotADnsLabelIsRefusedAndHttpdIsUntouched(String name) throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("names"));
    acme.createApp("ok");
    await().until(() -> Files.readString(vhosts()).contains(acme.host("ok")));
    byte[] before = Files.readAllBytes(vhosts());

    var app = api().post(acme.apps(), acme.token(), Map.of("name", name));
    var tenant = api().post("api/v1/tenants", ADMIN, Map.of("name", name));

    for (var response : new Api.Response[] {app, tenant}) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.text("type")).endsWith("/invalid-name");
      assertThat(response.text("detail")).contains("is not a valid name");
    }
    assertThat(Files.readAllBytes(vhosts())).isEqualTo(before);
    assertThat(api().get(acme.apps(), acme.token()).json().size()).isEqualTo(1);
    acme.deleteApp("ok", INSTALLATION);
  }

  @Test
  void anUploadThatIsNotARunnableJarIsRefusedAndNothingIsKept() throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("uploads"));
    acme.createApp("app");
    Path notAJar = Files.writeString(DATA.resolve("not-a-jar.txt"), "hello");
    Path releases = DATA.resolve("releases");
    try (var before = Files.list(releases)) {
      long stored = before.count();

      var refused = api().upload(acme.apps() + "/app/releases", acme.token(), notAJar);
      var badRole =
          api()
              .post(
                  "api/v1/tenants/" + acme.tenant() + "/tokens",
                  ADMIN,
                  Map.of("name", "x", "role", "root"));

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.text("type")).endsWith("/invalid-release");
      assertThat(refused.text("detail")).contains("not a valid jar");
      assertThat(badRole.status()).isEqualTo(400);
      assertThat(badRole.text("detail")).contains("'root' is not a role");
      assertThat(api().get(acme.apps() + "/app/releases", acme.token()).json().size()).isZero();
      try (var after = Files.list(releases)) {
        assertThat(after.count()).isEqualTo(stored);
      }
    } finally {
      acme.deleteApp("app", INSTALLATION);
    }
  }

  @Test
  void anotherTenantsAppIsNotFoundNeverForbidden() {
    Tenancy owner = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("owner"));
    Tenancy stranger = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("stranger"));
    owner.createApp("secret");
    try {
      String app = owner.apps() + "/secret";
      for (var response :
          new Api.Response[] {
            api().get(app, stranger.token()),
            api().delete(app, stranger.token()),
            api().post(app + "/deploys", stranger.token(), "{}"),
            api().get(owner.apps(), stranger.token()),
            api().get("api/v1/tenants/" + owner.tenant(), stranger.token())
          }) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
      }
      assertThat(owner.app("secret").status()).isEqualTo(200);
      assertThat(api().post("api/v1/tenants", owner.token(), Map.of("name", "mine")).status())
          .isEqualTo(403);
      assertThat(api().get(owner.apps(), null).status()).isEqualTo(401);
      assertThat(api().get(owner.apps(), "pdk_not-a-token").status()).isEqualTo(401);
    } finally {
      owner.deleteApp("secret", INSTALLATION);
    }
  }

  @Test
  void httpdAnswersUnknownHostsWith404AndAppsWithoutSandboxWith503() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("pages"));
    acme.createApp("idle");
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                var down = Api.edge(EDGE_PORT, acme.host("idle"), "/");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.body()).contains("not running right now");
              });
      var unknown = Api.edge(EDGE_PORT, "nobody.nowhere.localhost", "/some/path");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.body()).contains("No app lives at this address");
    } finally {
      acme.deleteApp("idle", INSTALLATION);
    }
  }
}
