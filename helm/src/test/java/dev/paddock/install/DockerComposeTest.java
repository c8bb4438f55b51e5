package dev.paddock.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The single-host install: only the control plane holds Docker, and nothing leaves loopback. */
class DockerComposeTest {

  private static final JsonNode SERVICES =
      Manifests.yaml().readTree(Path.of("../docker-compose.yml").toFile()).path("services");

  /** A volume entry, from the short ({@code source:target[:mode]}) or the long syntax. */
  record Mount(String source, String target) {
    static Mount of(JsonNode volume) {
      if (volume.isObject()) {
        return new Mount(volume.path("source").asString(), volume.path("target").asString());
      }
      String[] parts = volume.asString().split(":");
      return new Mount(parts[0], parts[1]);
    }
  }

  @Test
  void onlyTheControlPlaneMountsTheDockerSocket() {
    List<String> holders =
        SERVICES.properties().stream()
            .filter(
                service ->
                    mounts(service.getValue()).stream()
                        .anyMatch(m -> m.source().endsWith("docker.sock")))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(holders).containsExactly("control-plane");
  }

  @Test
  void noServiceIsPrivilegedOrGainsCapabilities() {
    SERVICES.forEachEntry(
        (name, service) -> {
          assertThat(service.path("privileged").asBoolean(false)).as(name).isFalse();
          assertThat(service.has("cap_add")).as(name).isFalse();
        });
  }

  @Test
  void portsArePublishedOnLoopbackOnlyAndPostgresqlPublishesNone() {
    assertThat(SERVICES.path("postgres").has("ports")).isFalse();
    SERVICES.forEachEntry(
        (name, service) ->
            service
                .path("ports")
                .forEach(
                    port ->
                        assertThat(
                                port.isObject()
                                    ? port.path("host_ip").asString()
                                    : port.asString().split(":")[0])
                            .as(name + " " + port)
                            .isEqualTo("127.0.0.1")));
    assertThat(SERVICES.at("/control-plane/ports").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder(
            "127.0.0.1:8080:8080", "127.0.0.1:8000:8000", "127.0.0.1:8443:8443");
  }

  @Test
  void httpsIsPublishedAndItsAcmeSettingsComeFromEnvOffByDefault() {
    JsonNode env = SERVICES.at("/control-plane/environment");
    assertThat(env.path("PADDOCK_EDGE_HTTPS_PORT").asString()).isEqualTo("8443");
    // Empty unless .env sets them: HTTPS stays off, and the control plane starts without them.
    assertThat(env.path("PADDOCK_EDGE_ACME_DIRECTORY").asString())
        .isEqualTo("${PADDOCK_ACME_DIRECTORY:-}");
    assertThat(env.path("PADDOCK_EDGE_ACME_EMAIL").asString()).isEqualTo("${PADDOCK_ACME_EMAIL:-}");
    assertThat(env.path("PADDOCK_EDGE_CONSOLE_HOST").asString())
        .isEqualTo("${PADDOCK_CONSOLE_HOST:-}");
  }

  @Test
  void theControlPlaneWaitsForAHealthyPostgresql() {
    assertThat(SERVICES.at("/control-plane/depends_on/postgres/condition").asString())
        .isEqualTo("service_healthy");
    assertThat(SERVICES.at("/postgres/healthcheck/test").toString()).contains("pg_isready");
    assertThat(SERVICES.at("/control-plane/environment/SPRING_DATASOURCE_URL").asString())
        .startsWith("jdbc:postgresql://postgres:5432/");
  }

  @Test
  void sandboxSocketsLiveAtTheSamePathOnTheHostAndInTheControlPlane() {
    JsonNode controlPlane = SERVICES.path("control-plane");
    String socketDir = controlPlane.at("/environment/PADDOCK_SANDBOX_SOCKET_DIR").asString();
    // httpd's 95 bytes for a socket path, less "/<16-character digest>/slot-15.sock".
    assertThat(socketDir).startsWith("/").hasSizeLessThanOrEqualTo(65);
    assertThat(mounts(controlPlane)).contains(new Mount(socketDir, socketDir));
  }

  private static List<Mount> mounts(JsonNode service) {
    return service.path("volumes").valueStream().map(Mount::of).toList();
  }
}
