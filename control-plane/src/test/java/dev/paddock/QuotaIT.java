package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tenant's quota, set by the admin, refuses whole any change that would go beyond it. */
class QuotaIT extends InProcessPaddock {

  private String tenant;
  private String token;

  @BeforeEach
  void tenantWithQuota() {
    tenant = Infrastructure.uniqueName("quota");
    var created =
        api()
            .post(
                "api/v1/tenants",
                ADMIN,
                Map.of(
                    "name",
                    tenant,
                    "quota",
                    Map.of("memory", "512MiB", "apps", 2, "instances", 3)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("quota").get("memory").asString()).isEqualTo("512MiB");
    token =
        api()
            .post(
                "api/v1/tenants/" + tenant + "/tokens",
                ADMIN,
                Map.of("name", "owner", "role", "owner"))
            .text("token");
  }

  @Test
  void everyBoundRefusesWith422SayingWhichAndByHowMuchAndNothingChanges() {
    assertThat(createApp("one", "256MiB", 1).status()).isEqualTo(201);

    assertRefused(
        createApp("two", "256MiB", 2), "memory", "768MiB", "256MiB over its quota of 512MiB");
    assertThat(api().get(apps() + "/two", token).status()).isEqualTo(404);
    assertThat(createApp("two", "128MiB", 2).status()).isEqualTo(201);

    assertRefused(createApp("three", "64MiB", 1), "3 apps, 1 over its quota of 2");
    assertRefused(
        api().put(apps() + "/one/scale", token, Map.of("instances", 2)),
        "4 instances, 1 over its quota of 3");
    assertRefused(
        api().put(apps() + "/one/limits", token, Map.of("memory", "512MiB")),
        "768MiB",
        "over its quota of 512MiB");

    var one = api().get(apps() + "/one", token).json();
    assertThat(one.get("scale").asInt()).isEqualTo(1);
    assertThat(one.get("limits").get("memory").asString()).isEqualTo("256MiB");
    var usage = api().get("api/v1/tenants/" + tenant, token).json().get("usage");
    assertThat(usage.get("memory").asString()).isEqualTo("512MiB");
    assertThat(usage.get("apps").asInt()).isEqualTo(2);
    assertThat(usage.get("instances").asInt()).isEqualTo(3);
  }

  @Test
  void onlyTheAdminSetsAQuotaAndLiftingItLetsTheChangeThrough() {
    String quota = "api/v1/tenants/" + tenant + "/quota";
    assertThat(api().put(quota, token, Map.of()).status()).isEqualTo(403);
    assertThat(createApp("one", "256MiB", 3).status()).isEqualTo(422);

    var lifted = api().put(quota, ADMIN, Map.of("apps", 5));
    assertThat(lifted.status()).isEqualTo(200);
    assertThat(lifted.json().get("quota").get("memory").isNull()).isTrue();

    assertThat(createApp("one", "256MiB", 3).status()).isEqualTo(201);
    var bad = api().put(quota, ADMIN, Map.of("memory", "lots"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text("detail")).contains("not a size");
  }

  private String apps() {
    return "api/v1/tenants/" + tenant + "/apps";
  }

  private Api.Response createApp(String name, String memory, int instances) {
    return api()
        .post(
            apps(),
            token,
            Map.of("name", name, "limits", Map.of("memory", memory), "instances", instances));
  }

  private static void assertRefused(Api.Response response, String... detail) {
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.text("type")).endsWith("/quota-exceeded");
    assertThat(response.text("detail")).contains(detail);
  }
}
