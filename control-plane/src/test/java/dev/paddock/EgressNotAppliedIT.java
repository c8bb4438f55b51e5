package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's egress policy that the host's firewall refuses: the control plane's {@code
 * iptables-restore} fails for real (a wrapper ahead of it on the control plane's PATH fails while
 * the test says so, and is the real command otherwise). The admin gets a 503 problem that says the
 * policy is saved but not applied and what to do, the policy is kept, the health says why, and
 * sending it again once the firewall takes rules applies it.
 */
class EgressNotAppliedIT {

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
    Infrastructure.requireRootNetworking();
    Infrastructure.requirePrograms("iptables", "iptables", "iptables-restore");
  }

  @Test
  void aPolicyTheFirewallRefusesIsSavedReportedAndAppliedWhenSentAgain() throws Exception {
    String installation = Infrastructure.uniqueName("egress503");
    String admin = Infrastructure.uniqueName("admin");
    String database = Infrastructure.newDatabase();
    Path bin = Infrastructure.dataDir();
    Path refuse = bin.resolve("refuse");
    Path wrapper = bin.resolve("iptables-restore");
    Files.writeString(
        wrapper,
        """
        #!/bin/sh
        if [ -e '%s' ]; then
          echo "iptables-restore: line 7 failed (the host's firewall refused, as the test asked)" >&2
          exit 1
        fi
        exec '%s' "$@"
        """
            .formatted(refuse, Infrastructure.program("iptables-restore")));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    PackagedControlPlane cp =
        new PackagedControlPlane(
            installation, database, admin, Map.of("PATH", bin + ":" + System.getenv("PATH")));
    try {
      cp.start();
      Tenancy tenant = Tenancy.create(cp.api, admin, Infrastructure.uniqueName("acme"));
      tenant.createApp("shop");
      assertThat(
              tenant.awaitDeploy(
                  "shop", tenant.uploadAndDeploy("shop", Api.example("hello-handler"))))
          .isEqualTo("live");
      String egress = "api/v1/tenants/" + tenant.tenant() + "/egress";

      Files.createFile(refuse);
      Api.Response refused = cp.api.put(egress, admin, Map.of("internet", false));
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      JsonNode problem = refused.json();
      assertThat(problem.get("type").asString()).endsWith("egress-not-applied");
      assertThat(problem.get("detail").asString()).contains("the host's firewall refused");
      assertThat(cp.api.get(egress, tenant.token()).json().at("/own/internet").asBoolean())
          .isFalse();
      assertThat(cp.api.get("actuator/health", admin).json().at("/components/sandboxEgress/status"))
          .hasToString("\"DOWN\"");
      // The app it runs keeps serving meanwhile.
      assertThat(Api.edge(cp.edgePort, tenant.host("shop"), "/").status()).isEqualTo(200);

      Files.delete(refuse);
      Api.Response applied = cp.api.put(egress, admin, Map.of("internet", false));
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);
      assertThat(applied.json().at("/effective/internet").asBoolean()).isFalse();
      assertThat(cp.api.get("actuator/health", admin).json().at("/components/sandboxEgress/status"))
          .hasToString("\"UP\"");
    } finally {
      cp.stop();
      Infrastructure.removeEverythingOf(installation);
      Infrastructure.deleteDataDir(bin);
    }
  }
}
