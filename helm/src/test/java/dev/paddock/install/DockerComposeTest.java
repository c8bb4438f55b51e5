package dev.paddock.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                                    : interpolate(port.asString(), Map.of()).split(":")[0])
                            .as(name + " " + port)
                            .isEqualTo("127.0.0.1")));
    assertThat(ports(Map.of()))
        .containsExactlyInAnyOrder(
            "127.0.0.1:8080:8080", "127.0.0.1:8000:8000", "127.0.0.1:8443:8443");
  }

  @Test
  void onTheInternetDotEnvPublishesTheEdgeOn80And443AndTheApiStaysOnLoopback() {
    Map<String, String> env =
        Map.of(
            "PADDOCK_PUBLISH", "0.0.0.0", "PADDOCK_HTTP_PORT", "80", "PADDOCK_HTTPS_PORT", "443");

    assertThat(ports(env))
        .containsExactlyInAnyOrder("127.0.0.1:8080:8080", "0.0.0.0:80:8000", "0.0.0.0:443:8443");
    // Apps' URLs and the redirects to HTTPS name the ports clients reach.
    JsonNode environment = SERVICES.at("/control-plane/environment");
    assertThat(interpolate(environment.path("PADDOCK_EDGE_PUBLIC_PORT").asString(), env))
        .isEqualTo("80");
    assertThat(interpolate(environment.path("PADDOCK_EDGE_PUBLIC_HTTPS_PORT").asString(), env))
        .isEqualTo("443");
    assertThat(interpolate(environment.path("PADDOCK_EDGE_PUBLIC_HTTPS_PORT").asString(), Map.of()))
        .isEqualTo("8443");
  }

  private static List<String> ports(Map<String, String> env) {
    return SERVICES
        .at("/control-plane/ports")
        .valueStream()
        .map(port -> interpolate(port.asString(), env))
        .toList();
  }

  /** Compose's interpolation of {@code ${NAME}} and {@code ${NAME:-default}} from {@code .env}. */
  static String interpolate(String text, Map<String, String> env) {
    return Pattern.compile("\\$\\{([A-Z_]+)(?::-([^}]*))?}")
        .matcher(text)
        .replaceAll(
            match -> {
              String value = env.getOrDefault(match.group(1), "");
              return Matcher.quoteReplacement(
                  value.isEmpty() && match.group(2) != null ? match.group(2) : value);
            });
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

  @Test
  void theEdgeIsAServiceOfItsOwnWhoseUserHasNoDockerAccess() {
    JsonNode edge = SERVICES.path("edge");
    assertThat(edge.path("image").asString())
        .isEqualTo(SERVICES.at("/control-plane/image").asString());
    // Its own uid, in the control plane's group only: not the Docker socket's.
    assertThat(edge.path("user").asString()).isEqualTo("10002:10001");
    assertThat(edge.has("group_add")).isFalse();
    assertThat(mounts(edge)).noneMatch(m -> m.source().contains("docker"));
    assertThat(edge.path("entrypoint").valueStream().map(JsonNode::asString))
        .containsExactly("/bin/sh", "/etc/paddock-edge/run");
    // The control plane's network namespace, as in a Helm pod: it probes the edge on loopback.
    assertThat(edge.path("network_mode").asString()).isEqualTo("service:control-plane");
    assertThat(SERVICES.at("/control-plane/group_add").toString()).contains("DOCKER_GID");
  }

  @Test
  void theControlPlaneWritesTheEdgesVirtualHostsAndAsksItToReload() {
    JsonNode env = SERVICES.at("/control-plane/environment");
    assertThat(env.path("PADDOCK_EDGE_HTTPD_MODE").asString()).isEqualTo("external");
    assertThat(env.path("PADDOCK_EDGE_HTTPD_VHOSTS_FILE").asString())
        .isEqualTo("/edge/vhosts.conf");
    assertThat(env.path("PADDOCK_EDGE_HTTPD_RELOAD_COMMAND").asString())
        .isEqualTo("/etc/paddock-edge/reload");
    for (String service : List.of("control-plane", "edge")) {
      assertThat(mounts(SERVICES.path(service)))
          .as(service)
          .contains(
              new Mount("paddock-edge", "/edge"), new Mount("./compose/edge", "/etc/paddock-edge"));
    }
    assertThat(Path.of("../compose/edge")).isDirectoryContaining("glob:**/{httpd.conf,run,reload}");
  }

  @Test
  void bothSeeTheAppsSocketDirectoriesMountedOnTheHostAndOnlyTheControlPlaneWritesThem() {
    String socketDir =
        SERVICES.at("/control-plane/environment/PADDOCK_SANDBOX_SOCKET_DIR").asString();
    for (String service : List.of("control-plane", "edge")) {
      JsonNode bind =
          SERVICES
              .path(service)
              .path("volumes")
              .valueStream()
              .filter(v -> v.path("target").asString().equals(socketDir))
              .findFirst()
              .orElseThrow();
      assertThat(bind.path("source").asString()).as(service).isEqualTo(socketDir);
      assertThat(bind.at("/bind/propagation").asString()).as(service).isEqualTo("rslave");
      assertThat(bind.path("read_only").asBoolean(false))
          .as(service)
          .isEqualTo(service.equals("edge"));
    }
  }

  private static List<Mount> mounts(JsonNode service) {
    return service.path("volumes").valueStream().map(Mount::of).toList();
  }
}
