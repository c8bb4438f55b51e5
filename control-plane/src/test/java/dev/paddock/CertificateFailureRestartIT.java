package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Infrastructure;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Pebble;
import dev.paddock.support.Tenancy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A name whose certificate the CA refused keeps showing {@code failing}, with the CA's reason and
 * the next try, after the control plane crashes and starts again: the restarted one adopts the
 * running httpd with a graceful reload, at which {@code mod_md} forgets the failure.
 */
class CertificateFailureRestartIT {

  @Test
  void aRefusedCertificateIsStillFailingWithItsReasonAfterTheControlPlaneRestarts()
      throws Exception {
    Infrastructure.requireDockerAndHttpd();
    Infrastructure.requirePrograms("pebble curl openssl", "pebble", "curl", "openssl");
    String installation = Infrastructure.uniqueName("certfail");
    String admin = Infrastructure.uniqueName("admin");
    String tenant = Infrastructure.uniqueName("cf");
    String host = "refused." + tenant + ".localhost";
    try (Pebble pebble = Pebble.start(List.of(host))) {
      PackagedControlPlane controlPlane =
          new PackagedControlPlane(
              installation,
              Infrastructure.newDatabase(),
              admin,
              Map.of(
                  "PADDOCK_EDGE_HTTPS_PORT", String.valueOf(Infrastructure.freePort()),
                  "PADDOCK_EDGE_ACME_DIRECTORY", pebble.directory().toString(),
                  "PADDOCK_EDGE_ACME_CA_CERTIFICATE", pebble.apiCertificate().toString(),
                  "PADDOCK_EDGE_ACME_EMAIL", "ops@example.com",
                  "PADDOCK_EDGE_ACME_CHECK_INTERVAL", "1s",
                  "PADDOCK_EDGE_HTTPD_STOP_ON_EXIT", "false",
                  "PADDOCK_AOT_ENABLED", "false"));
      try {
        controlPlane.start();
        Tenancy cf = Tenancy.create(controlPlane.api, admin, tenant);
        cf.createApp("refused");
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () ->
                    assertThat(name(cf).get("certificate").asString())
                        .as(pebble.log())
                        .isEqualTo("failing"));
        JsonNode before = name(cf);
        assertThat(before.get("error").asString()).contains("rejectedIdentifier");

        // A crash: httpd keeps serving, and the next control plane adopts it with a reload.
        controlPlane.kill();
        controlPlane.start();

        // At once, before the new control plane has read httpd's status even once.
        JsonNode after = name(cf);
        assertThat(after.get("certificate").asString()).as(after.toString()).isEqualTo("failing");
        assertThat(after.get("error").asString()).isEqualTo(before.get("error").asString());
        assertThat(after.get("nextTry").isNull()).isFalse();
        // And it stays so while httpd knows of no new attempt.
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> assertThat(name(cf).get("certificate").asString()).isEqualTo("failing"));
      } finally {
        controlPlane.stop();
        Infrastructure.removeEverythingOf(installation);
      }
    }
  }

  private static JsonNode name(Tenancy cf) {
    var https = cf.api().get(cf.apps() + "/refused/https", cf.token());
    assertThat(https.status()).as(https.body()).isEqualTo(200);
    return https.json().get("names").get(0);
  }
}
