package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged control plane killed with SIGKILL mid-deploy: the next one converges. */
class ControlPlaneCrashIT {

  private final String installation = Infrastructure.uniqueName("crash");
  private final Path data = Infrastructure.dataDir();
  private final String database = Infrastructure.newDatabase();
  private final int apiPort = Infrastructure.freePort();
  private final int edgePort = Infrastructure.freePort();
  private final String admin = Infrastructure.uniqueName("admin");
  private Process controlPlane;

  @BeforeEach
  void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void killedRightAfterADeployIsAcceptedTheRestartedControlPlaneConverges() throws Exception {
    Api api = new Api(URI.create("http://127.0.0.1:" + apiPort + "/"));
    controlPlane = start();
    awaitUp(api);
    Tenancy acme = Tenancy.create(api, admin, Infrastructure.uniqueName("acme"));
    acme.createApp("hello");

    long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
    controlPlane.destroyForcibly().waitFor();

    controlPlane = start();
    awaitUp(api);
    assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(Api.edge(edgePort, acme.host("hello"), "/").body())
                  .isEqualTo("Hello from Paddock (handler)\n");
              assertThat(Infrastructure.containersOf(installation))
                  .singleElement()
                  .satisfies(c -> assertThat(c.getState()).isEqualTo("running"));
            });
    assertThat(
            Infrastructure.docker()
                .listNetworksCmd()
                .withFilter("label", List.of("paddock.managed-by=" + installation))
                .exec())
        .hasSize(1);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (controlPlane != null) {
        controlPlane.destroy();
        controlPlane.waitFor();
      }
    } finally {
      Path pid = data.resolve("httpd/run/httpd.pid");
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
            .ifPresent(ProcessHandle::destroy);
      }
      Infrastructure.removeEverythingOf(installation);
      Infrastructure.deleteDataDir(data);
    }
  }

  private Process start() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", System.getProperty("paddock.jar", "target/paddock.jar"))
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(data.resolve("control-plane.log").toFile()));
    builder
        .environment()
        .putAll(
            Map.of(
                "SPRING_DATASOURCE_URL",
                database,
                "SPRING_DATASOURCE_USERNAME",
                "postgres",
                "PADDOCK_NAME",
                installation,
                "PADDOCK_DATA_DIR",
                data.toString(),
                "PADDOCK_ADMIN_TOKEN",
                admin,
                "SERVER_PORT",
                String.valueOf(apiPort),
                "PADDOCK_EDGE_PORT",
                String.valueOf(edgePort),
                "PADDOCK_EDGE_HTTPD_STOP_ON_EXIT",
                "true",
                "PADDOCK_SANDBOX_IMAGE",
                Infrastructure.IMAGE,
                "PADDOCK_RECONCILE_INTERVAL",
                "2s"));
    return builder.start();
  }

  private void awaitUp(Api api) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(controlPlane.isAlive())
                  .as("control plane exited: see " + data.resolve("control-plane.log"))
                  .isTrue();
              return api.get("actuator/health", null).status() == 200;
            });
  }
}
