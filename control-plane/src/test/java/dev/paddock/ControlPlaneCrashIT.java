package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged control plane, started from its AOT cache as {@code ./paddock run} starts it, killed
 * with SIGKILL mid-deploy, while another app serves under load through the edge: the next one
 * converges, with no duplicate and no orphan container.
 */
class ControlPlaneCrashIT {

  private static final String HELLO = "Hello from Paddock (handler)\n";

  private final String installation = Infrastructure.uniqueName("crash");
  private final String admin = Infrastructure.uniqueName("admin");
  private final PackagedControlPlane controlPlane =
      new PackagedControlPlane(installation, Infrastructure.newDatabase(), admin, Map.of())
          .fromAotCache();

  @BeforeEach
  void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void killedMidDeployTheRestartedControlPlaneConvergesWhileAnotherAppServes() throws Exception {
    controlPlane.start();
    Tenancy acme = Tenancy.create(controlPlane.api, admin, Infrastructure.uniqueName("acme"));
    acme.createApp("steady");
    assertThat(
            acme.awaitDeploy(
                "steady", acme.uploadAndDeploy("steady", Api.example("hello-handler"))))
        .isEqualTo("live");
    acme.createApp("hello");

    Map<Integer, Long> steady;
    long recoveredAfter;
    try (Load load =
        new Load(controlPlane.edgePort, acme.host("steady"), "/", 2, Duration.ofMillis(5))) {
      long deploy = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
      // Mid-deploy: the new app's sandbox is created, and the deploy is not live yet.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> containersOfApp("hello").size() == 1);
      String statusAtKill = acme.deploy("hello", deploy).text("status");
      long killed = System.nanoTime();
      controlPlane.kill();

      controlPlane.start();
      assertThat(acme.awaitDeploy("hello", deploy)).isEqualTo("live");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(
              () -> Api.edge(controlPlane.edgePort, acme.host("hello"), "/").body(), HELLO::equals);
      recoveredAfter = (System.nanoTime() - killed) / 1_000_000;
      steady = load.stop();
      long all = steady.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(
          "control plane SIGKILLed mid-deploy (deploy %s): the new app served %d ms after the"
              + " kill, a restart included; the other app under load: %d of %d requests failed"
              + " %s%n",
          statusAtKill, recoveredAfter, all - steady.getOrDefault(200, 0L), all, steady);
    }

    assertThat(steady).containsOnlyKeys(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(containersOfApp("hello"))
                  .singleElement()
                  .satisfies(c -> assertThat(c.getState()).isEqualTo("running"));
              assertThat(containersOfApp("steady")).singleElement();
              assertThat(Infrastructure.sandboxesOf(installation)).hasSize(2);
            });
    assertThat(
            Infrastructure.docker()
                .listNetworksCmd()
                .withFilter("label", List.of("paddock.managed-by=" + installation))
                .exec())
        .hasSize(1);
  }

  private List<Container> containersOfApp(String app) {
    return Infrastructure.containersOf(installation).stream()
        .filter(c -> app.equals(c.getLabels().get("paddock.app")))
        .toList();
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
