package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.paddock.support.Api;
import dev.paddock.support.CanaryHost;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Egress per tenant on the real Docker engine and the host's real firewall: tenant A is narrowed
 * (no internet, one canary port), tenant B widened (a private canary), both from the API by the
 * admin, and each sandbox reaches exactly what its policy says; a change applies live, to the
 * sandboxes already running. The canaries are addresses of a network namespace the test makes (a
 * private one, a link-local one, and one of a documentation range standing in for the internet),
 * never a real host.
 */
class TenantEgressIT extends InProcessPaddock {

  @Autowired JdbcClient db;

  private Tenancy narrow;
  private Tenancy wide;

  @BeforeEach
  void tenants() {
    Infrastructure.requireRootNetworking();
    narrow = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("narrow"));
    wide = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("wide"));
    for (Tenancy tenancy : List.of(narrow, wide)) {
      tenancy.createApp("probe");
      assertThat(
              tenancy.awaitDeploy(
                  "probe", tenancy.uploadAndDeploy("probe", Api.example("attacker"))))
          .isEqualTo("live");
    }
  }

  @AfterEach
  void cleanUp() {
    narrow.deleteApp("probe", INSTALLATION);
    wide.deleteApp("probe", INSTALLATION);
  }

  @Test
  void eachTenantReachesExactlyWhatItsPolicySaysAndAChangeAppliesLive() {
    try (CanaryHost canary = CanaryHost.start()) {
      String internet = canary.internetAddress();
      String privateNet = canary.privateAddress();
      int other = CanaryHost.OTHER_PORT;
      List<String> sandboxes = sandboxIds();

      // The platform's default: the internet, nothing private, never link-local.
      assertThat(reaches(narrow, internet + ":80")).isTrue();
      assertThat(reaches(wide, privateNet + ":80")).isFalse();

      // Tenants read their policy; only the admin changes it.
      assertThat(
              api()
                  .get(egress(narrow), narrow.token())
                  .json()
                  .get("effective")
                  .get("internet")
                  .asBoolean())
          .isTrue();
      assertThat(api().put(egress(narrow), narrow.token(), Map.of("internet", true)).status())
          .isEqualTo(403);

      set(narrow, Map.of("internet", false, "allow", List.of(internet + ":80")));
      set(wide, Map.of("allow", List.of(privateNet + "/32")));

      Map<String, Boolean> narrowed = reach(narrow, canary);
      assertThat(narrowed)
          .containsExactlyEntriesOf(expected(canary, true, false, false, false, false, false));
      Map<String, Boolean> widened = reach(wide, canary);
      assertThat(widened)
          .containsExactlyEntriesOf(expected(canary, true, true, true, true, false, false));

      // The always-denied stay denied for a widened tenant: refused when asked for by name, and
      // closed under a rule that covers them.
      Api.Response refused =
          api()
              .put(
                  egress(wide), ADMIN, Map.of("allow", List.of(canary.linkLocalAddress() + ":80")));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.contentType()).contains("application/problem+json");
      assertThat(refused.text("type")).endsWith("/invalid-egress");
      assertThat(refused.text("detail")).contains("always denied");
      assertThat(
              api().put(egress(wide), ADMIN, Map.of("allow", List.of("10.0.0.0/8:70000"))).status())
          .isEqualTo(400);
      set(wide, Map.of("allow", List.of("0.0.0.0/0", "169.254.0.0/15")));
      assertThat(reaches(wide, canary.linkLocalAddress() + ":80")).isFalse();
      assertThat(reaches(wide, privateNet + ":80")).isTrue();
      for (String host : Infrastructure.hostAddresses()) {
        assertThat(reaches(wide, host + ":" + port)).as("control plane on " + host).isFalse();
      }

      // Live: no restart, the running sandboxes follow the new policy.
      set(narrow, Map.of("internet", true, "deny", List.of(internet + ":" + other)));
      set(wide, Map.of());
      assertThat(reach(narrow, canary))
          .containsExactlyEntriesOf(expected(canary, true, false, false, false, false, false));
      assertThat(reach(wide, canary))
          .containsExactlyEntriesOf(expected(canary, true, true, false, false, false, false));
      assertThat(sandboxIds()).isEqualTo(sandboxes);
      assertThat(api().get(egress(wide), wide.token()).json().get("own").get("allow").isNull())
          .isTrue();

      List<String> changes =
          db.sql(
                  "select e.message from events e join tenants t on t.id = e.tenant_id"
                      + " where t.name = ? and e.type = 'tenant.egress-changed' order by e.id")
              .param(narrow.tenant())
              .query(String.class)
              .list();
      assertThat(changes)
          .containsExactly(
              "Egress policy changed: internet false, 1 allowed, 0 denied",
              "Egress policy changed: internet true, 0 allowed, 1 denied");
    }
  }

  private void set(Tenancy tenancy, Map<String, ?> policy) {
    long started = System.nanoTime();
    Api.Response response = api().put(egress(tenancy), ADMIN, policy);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    System.out.printf(
        "Egress of %s set and applied in %d ms: %s%n",
        tenancy.tenant(), (System.nanoTime() - started) / 1_000_000, policy);
  }

  private static String egress(Tenancy tenancy) {
    return "api/v1/tenants/" + tenancy.tenant() + "/egress";
  }

  /** What the tenant's sandbox reaches of the canary's addresses and ports, in a fixed order. */
  private Map<String, Boolean> reach(Tenancy tenancy, CanaryHost canary) {
    Map<String, Boolean> reached = new LinkedHashMap<>();
    for (String target : targets(canary)) {
      reached.put(target, reaches(tenancy, target));
    }
    return reached;
  }

  private static Map<String, Boolean> expected(CanaryHost canary, boolean... reached) {
    Map<String, Boolean> expected = new LinkedHashMap<>();
    List<String> targets = targets(canary);
    for (int i = 0; i < targets.size(); i++) {
      expected.put(targets.get(i), reached[i]);
    }
    return expected;
  }

  private static List<String> targets(CanaryHost canary) {
    return List.of(
        canary.internetAddress() + ":" + CanaryHost.PORT,
        canary.internetAddress() + ":" + CanaryHost.OTHER_PORT,
        canary.privateAddress() + ":" + CanaryHost.PORT,
        canary.privateAddress() + ":" + CanaryHost.OTHER_PORT,
        canary.linkLocalAddress() + ":" + CanaryHost.PORT,
        canary.linkLocalAddress() + ":" + CanaryHost.OTHER_PORT);
  }

  private boolean reaches(Tenancy tenancy, String target) {
    Api.Response response = Api.edge(EDGE_PORT, tenancy.host("probe"), "/reach?target=" + target);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode attempt = response.json();
    return !attempt.get("blocked").asBoolean();
  }

  private List<String> sandboxIds() {
    return Infrastructure.sandboxesOf(INSTALLATION).stream()
        .map(Container::getId)
        .sorted()
        .collect(Collectors.toList());
  }
}
