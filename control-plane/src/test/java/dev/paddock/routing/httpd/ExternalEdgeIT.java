package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.support.Api;
import dev.paddock.support.HttpdProcesses;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.OwnInstallation;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A control plane whose edge is the admin's own httpd (external mode): it serves the apps through
 * it, and when that httpd stops it reports the edge lost (health, a platform event) and restarts
 * nothing, then reports it back once the admin has started it again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ExternalEdgeIT {

  private static final OwnInstallation OWN = OwnInstallation.of("external");
  private static final int EDGE = OWN.edgePort();
  private static final String HELLO = "Hello from Paddock (handler)\n";

  /** The admin's httpd: here one that includes the file Paddock writes, stopped and started. */
  private static ManagedHttpd system;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void external(DynamicPropertyRegistry registry) {
    Infrastructure.requireDockerAndHttpd();
    HttpdLayout layout = new HttpdLayout(OWN.data().resolve("system"));
    var edge = new EdgeProperties("localhost", "127.0.0.1", EDGE);
    var settings =
        new HttpdProperties(
            HttpdProperties.Mode.EXTERNAL,
            "apache2",
            Path.of("/usr/lib/apache2"),
            "www-data",
            true,
            HttpdProperties.Mpm.EVENT,
            layout.vhosts(),
            command(layout, "graceful"),
            HttpdProperties.Launch.PROCESS,
            10002,
            true);
    system = new ManagedHttpd(layout, settings, Clock.systemUTC(), Https.off(edge));
    system.start();
    OWN.controlPlane(registry, Duration.ofSeconds(20));
    registry.add("paddock.edge.httpd.mode", () -> "external");
    registry.add("paddock.edge.httpd.vhosts-file", () -> layout.vhosts().toString());
    // As the Helm chart's: a reload never starts a stopped httpd, which stays the admin's to start.
    registry.add("paddock.edge.httpd.reload-command", () -> reloadScript(layout).toString());
  }

  private static List<String> command(HttpdLayout layout, String signal) {
    return List.of("apache2", "-f", layout.mainConfig().toString(), "-k", signal);
  }

  private static Path reloadScript(HttpdLayout layout) {
    try {
      return HttpdProcesses.reloadScript(
          layout.mainConfig().resolveSibling("reload"), layout.pidFile(), layout.mainConfig());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopSystemHttpd() {
    system.stop();
  }

  private Api api() {
    return new Api(URI.create("http://127.0.0.1:" + port + "/"));
  }

  @Test
  void aStoppedSystemHttpdIsReportedLostAndBackButNeverRestarted() {
    var acme = Tenancy.create(api(), OWN.admin(), Infrastructure.uniqueName("external"));
    acme.createApp("hello");
    long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(Api.edge(EDGE, acme.host("hello"), "/").body()).isEqualTo(HELLO));

    system.stop();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(edge().get("status").asString()).isEqualTo("DOWN");
              assertThat(platformEvents("edge.lost"))
                  .singleElement()
                  .asString()
                  .contains("does not answer on port " + EDGE)
                  .contains("Paddock does not restart it");
            });
    // Paddock leaves the admin's httpd alone: it stays down, and nothing took its port.
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(Infrastructure.listening(EDGE)).isFalse();
    assertThat(platformEvents("edge.restarted")).isEmpty();

    system.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(edge().get("status").asString()).isEqualTo("UP");
              assertThat(platformEvents("edge.back")).singleElement().asString().contains("back");
            });
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> served(acme));
    assertThat(api().get("api/v1/platform", acme.token()).status()).isEqualTo(403);
    acme.deleteApp("hello", OWN.name());
  }

  private static boolean served(Tenancy tenancy) {
    return Api.edge(EDGE, tenancy.host("hello"), "/").body().equals(HELLO);
  }

  private JsonNode platform() {
    var platform = api().get("api/v1/platform?limit=500", OWN.admin());
    assertThat(platform.status()).isEqualTo(200);
    return platform.json();
  }

  private JsonNode edge() {
    for (JsonNode part : platform().get("parts")) {
      if (part.get("name").asString().equals("edge")) {
        return part;
      }
    }
    throw new AssertionError("no edge in " + platform());
  }

  private List<String> platformEvents(String type) {
    List<String> messages = new ArrayList<>();
    platform()
        .get("events")
        .forEach(
            e -> {
              if (e.get("type").asString().equals(type)) {
                messages.add(e.get("message").asString());
              }
            });
    return messages;
  }
}
