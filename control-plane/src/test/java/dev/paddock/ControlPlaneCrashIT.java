package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged control plane killed with SIGKILL mid-deploy: the next one converges. */
class ControlPlaneCrashIT {

  private final String installation = Infrastructure.uniqueName("crash");
  private final String admin = Infrastructure.uniqueName("admin");
  private final PackagedControlPlane controlPlane =
      new PackagedControlPlane(installation, Infrastructure.newDatabase(), admin, Map.of());

  @BeforeEach
  void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void killedRightAfterADeployIsAcceptedTheRestartedControlPlaneConverges() throws Exception {
    controlPlane.start();
    Tenancy acme = Tenancy.create(controlPlane.api, admin, Infrastructure.uniqueName("acme"));
    acme.createApp("hello");

    long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
    controlPlane.kill();

    controlPlane.start();
    assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(Api.edge(controlPlane.edgePort, acme.host("hello"), "/").body())
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
      controlPlane.stop();
    } finally {
      Infrastructure.removeEverythingOf(installation);
    }
  }
}
