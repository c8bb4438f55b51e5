package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The README walkthrough: from an empty Paddock to a tenant's app answering through httpd. */
class WalkthroughIT extends InProcessPaddock {

  @Test
  void handlerAndRunnableJarsDeployedThroughTheApiAnswerThroughHttpd() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("acme"));
    try {
      acme.createApp("hello");
      acme.createApp("runnable");

      long handler = acme.uploadAndDeploy("hello", Api.example("hello-handler"));
      long runnable = acme.uploadAndDeploy("runnable", Api.example("hello-runnable"));

      assertThat(acme.awaitDeploy("hello", handler)).isEqualTo("live");
      assertThat(acme.awaitDeploy("runnable", runnable)).isEqualTo("live");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(Api.edge(EDGE_PORT, acme.host("hello"), "/").body())
                    .isEqualTo("Hello from Paddock (handler)\n");
                assertThat(Api.edge(EDGE_PORT, acme.host("runnable"), "/").body())
                    .isEqualTo("Hello from Paddock (runnable)\n");
              });
      var status = acme.app("hello").json();
      assertThat(status.get("status").asString()).isEqualTo("running");
      assertThat(status.get("liveRelease").asInt()).isEqualTo(1);
      assertThat(status.get("url").asString())
          .isEqualTo("http://hello." + acme.tenant() + ".localhost:" + EDGE_PORT + "/");
    } finally {
      acme.deleteApp("hello", INSTALLATION);
      acme.deleteApp("runnable", INSTALLATION);
    }
  }

  @Test
  void sandboxesRunConfinedAsTheirTenantsOwnUid() {
    Tenancy first = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("first"));
    Tenancy second = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("second"));
    try {
      first.createApp("app");
      second.createApp("app");
      assertThat(
              first.awaitDeploy("app", first.uploadAndDeploy("app", Api.example("hello-handler"))))
          .isEqualTo("live");
      assertThat(
              second.awaitDeploy(
                  "app", second.uploadAndDeploy("app", Api.example("hello-handler"))))
          .isEqualTo("live");

      InspectContainerResponse a = inspect(first);
      InspectContainerResponse b = inspect(second);
      String uidA = a.getConfig().getUser().split(":")[0];
      String uidB = b.getConfig().getUser().split(":")[0];
      assertThat(Integer.parseInt(uidA)).isGreaterThanOrEqualTo(100000);
      assertThat(uidA).isNotEqualTo(uidB);
      assertThat(a.getConfig().getUser()).isEqualTo(uidA + ":" + uidA);

      HostConfig host = a.getHostConfig();
      assertThat(host.getMemory()).isEqualTo(256L << 20);
      assertThat(host.getPidsLimit()).isEqualTo(256L);
      // One CPU: all of every 10 ms period.
      assertThat(host.getCpuPeriod()).isEqualTo(10_000L);
      assertThat(host.getCpuQuota()).isEqualTo(10_000L);
      assertThat(host.getReadonlyRootfs()).isTrue();
      assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
      assertThat(host.getCapAdd()).isNullOrEmpty();
      assertThat(host.getPrivileged()).isFalse();
      assertThat(host.getSecurityOpts()).contains("no-new-privileges");
      assertThat(host.getTmpFs()).containsKey("/tmp");
      assertThat(host.getPortBindings() == null || host.getPortBindings().getBindings().isEmpty())
          .isTrue();
      assertThat(a.getNetworkSettings().getPorts().getBindings().values())
          .allSatisfy(bindings -> assertThat(bindings).isNull());
      assertThat(host.getNetworkMode()).isEqualTo(INSTALLATION + "-tenant-" + first.tenant());
      assertThat(b.getHostConfig().getNetworkMode())
          .isEqualTo(INSTALLATION + "-tenant-" + second.tenant());
      assertThat(a.getMounts())
          .singleElement()
          .satisfies(
              mount -> {
                assertThat(mount.getSource())
                    .isEqualTo(
                        DATA.resolve("run")
                            .resolve(AppSockets.dirName(first.tenant(), "app"))
                            .resolve("in")
                            .toString());
                assertThat(mount.getDestination().getPath()).isEqualTo("/run/paddock");
              });
      assertThat(Arrays.stream(a.getHostConfig().getBinds()).map(Object::toString))
          .noneMatch(bind -> bind.contains("docker.sock"));
    } finally {
      first.deleteApp("app", INSTALLATION);
      second.deleteApp("app", INSTALLATION);
    }
  }

  private static InspectContainerResponse inspect(Tenancy tenancy) {
    var container =
        Infrastructure.containersOf(INSTALLATION).stream()
            .filter(c -> tenancy.tenant().equals(c.getLabels().get("paddock.tenant")))
            .findFirst()
            .orElseThrow();
    return Infrastructure.docker().inspectContainerCmd(container.getId()).exec();
  }
}
