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
    // Routed: the app's 503 page (no sandbox yet) rather than the unknown names' 404.
    await().until(() -> Api.edge(EDGE_PORT, acme.host("ok"), "/").status() == 503);
    String before = edgeConfig();

    var app = api().post(acme.apps(), acme.token(), Map.of("name", name));
    var tenant = api().post("api/v1/tenants", ADMIN, Map.of("name", name));

    for (var response : new Api.Response[] {app, tenant}) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.text("type")).endsWith("/invalid-name");
      assertThat(response.text("detail")).contains("is not a valid name");
    }
    assertThat(edgeConfig()).isEqualTo(before);
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
  void refusalsOfTheWebLayerAreProblemsThatSayWhatToDo() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("refusals"));
    acme.createApp("app");
    String app = acme.apps() + "/app";
    try {
      var wrongMethod = api().send("PATCH", app, acme.token(), Map.of(), "{}");
      var noJson = api().send("POST", acme.apps(), acme.token(), Map.of(), "{\"name\":\"b\"}");
      var csv = api().send("GET", acme.apps(), acme.token(), Map.of("Accept", "text/csv"), null);
      var multipart =
          api()
              .send(
                  "POST",
                  app + "/releases",
                  acme.token(),
                  Map.of("Content-Type", "multipart/form-data; boundary=x"),
                  "--x\r\nContent-Disposition: form-data; name=jar\r\n\r\nPK\r\n--x--\r\n");
      var empty = api().send("POST", app + "/releases", acme.token(), Map.of(), "");
      var nothingToDeploy = api().post(app + "/deploys", acme.token(), "{}");

      assertThat(wrongMethod.status()).isEqualTo(405);
      assertThat(wrongMethod.text("type")).endsWith("/method-not-allowed");
      assertThat(noJson.status()).isEqualTo(415);
      assertThat(noJson.text("detail")).contains("Content-Type: application/json");
      assertThat(csv.status()).isEqualTo(406);
      assertThat(multipart.status()).isEqualTo(415);
      assertThat(multipart.text("detail")).contains("multipart", "--data-binary @app.jar");
      assertThat(empty.status()).isEqualTo(415);
      assertThat(empty.text("detail")).contains("empty", "--data-binary @app.jar");
      assertThat(nothingToDeploy.status()).isEqualTo(409);
      assertThat(nothingToDeploy.text("detail")).contains("no release yet", "upload");
      for (var response :
          new Api.Response[] {wrongMethod, noJson, csv, multipart, empty, nothingToDeploy}) {
        assertThat(response.contentType())
            .as(response.body())
            .startsWith("application/problem+json");
      }
      assertThat(api().get(acme.apps(), acme.token()).json().size()).isEqualTo(1);
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
