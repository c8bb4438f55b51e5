package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.support.Api;
import dev.paddock.support.CanaryHost;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The egress policy is the operator's to widen: a private address on {@code allow} becomes
 * reachable from a sandbox, while link-local addresses stay closed and the control plane still
 * probes the sandbox through its firewall. {@code IsolationIT} checks the default.
 */
class EgressIT extends InProcessPaddock {

  @Test
  void aPrivateAddressTheOperatorAllowsBecomesReachableWhileLinkLocalStaysClosed() {
    Infrastructure.requireRootNetworking();
    Tenancy tenancy = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("egress"));
    tenancy.createApp("probe");
    try (CanaryHost canary = CanaryHost.start()) {
      assertThat(
              tenancy.awaitDeploy(
                  "probe", tenancy.uploadAndDeploy("probe", Api.example("attacker"))))
          .isEqualTo("live");
      String query =
          "/attack?linkLocal=%s&privateNet=%s"
              .formatted(canary.linkLocalTarget(), canary.privateTarget());

      Map<String, Boolean> closed = blocked(tenancy, query);
      Firewalls.apply(
          INSTALLATION,
          new EgressPolicy(true, List.of(canary.privateAddress() + "/32"), List.of()));
      Map<String, Boolean> allowed = blocked(tenancy, query);

      assertThat(closed)
          .containsEntry("network: link-local host", true)
          .containsEntry("network: private-range host", true);
      assertThat(allowed)
          .containsEntry("network: link-local host", true)
          .containsEntry("network: private-range host", false);
      assertThat(tenancy.app("probe").json().get("status").asString()).isEqualTo("running");
    } finally {
      Firewalls.apply(INSTALLATION, EgressPolicy.standard());
      tenancy.deleteApp("probe", INSTALLATION);
    }
  }

  /** Whether each canary attempt of the attacker's report was blocked, by attempt name. */
  private static Map<String, Boolean> blocked(Tenancy tenancy, String query) {
    Api.Response response = Api.edge(EDGE_PORT, tenancy.host("probe"), query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode attempts = response.json().get("attempts");
    return StreamSupport.stream(attempts.spliterator(), false)
        .filter(a -> a.get("name").asString().endsWith(" host"))
        .collect(
            Collectors.toMap(
                a -> a.get("name").asString(),
                a -> a.get("blocked").asBoolean(),
                (first, second) -> first && second));
  }
}
