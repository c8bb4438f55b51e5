package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.OwnInstallation;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A release's own AOT cache: trained after the release is live on its start, health and warm-up
 * paths, used by its next start (the runner says the JVM took it), and, after a memory limit that
 * sizes the heap anew, reported stale, not used, and trained again.
 *
 * <p>A control plane of its own: the shared one trains no caches, so other tests' CPU is theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AotCacheIT {

  private static final OwnInstallation OWN = OwnInstallation.of("aot");
  private static final Duration TRAINING = Duration.ofMinutes(4);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    OWN.controlPlane(registry, Duration.ofMinutes(2));
    registry.add("paddock.aot.enabled", () -> true);
    registry.add("paddock.reconcile.interval", () -> "2s");
  }

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void aReleasesNextStartUsesItsOwnCacheAndANewMemoryLimitStartsWithoutItUntilRetrained()
      throws IOException {
    Tenancy acme = Tenancy.create(api(), OWN.admin(), Infrastructure.uniqueName("aot"));
    acme.createApp("web");
    try {
      var warmup =
          api().put(acme.apps() + "/web/warmup", acme.token(), Map.of("paths", List.of("/hi")));
      assertThat(warmup.status()).as(warmup.body()).isEqualTo(200);
      assertThat(api().get(acme.apps() + "/web/warmup", acme.token()).body()).contains("/hi");
      var refused =
          api().put(acme.apps() + "/web/warmup", acme.token(), Map.of("paths", List.of("hi")));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.text("type")).endsWith("/invalid-warmup");

      String leftover = leftoverTraining();
      assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
          .isEqualTo("live");
      assertThat(awaitEvents(acme, "release.aot-cache.built", 1).getFirst())
          .contains("release v1", "/hi");
      assertThat(caches()).hasSize(1);
      assertThat(Infrastructure.docker().listContainersCmd().withShowAll(true).exec())
          .as("a control plane killed mid-training left this; the next training removes it")
          .noneMatch(c -> c.getId().equals(leftover));

      assertThat(acme.awaitDeploy("web", acme.rollout("web", "restart", "{}"))).isEqualTo("live");
      // Taken beside the GC log and native memory tracking, which its training run went without.
      assertThat(running(acme).getCommand())
          .contains(
              "-XX:AOTCache=/app/app.aot",
              "-XX:NativeMemoryTracking=summary",
              "file=/tmp/paddock-gc.log");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> logs(acme).contains("AOT cache in use: release v1's own"));
      assertThat(Api.edge(OWN.edgePort(), acme.host("web"), "/").status()).isEqualTo(200);

      var limits = api().put(acme.apps() + "/web/limits", acme.token(), Map.of("memory", "320MiB"));
      assertThat(limits.status()).as(limits.body()).isEqualTo(200);
      assertThat(awaitEvents(acme, "release.aot-cache.stale", 1).getFirst())
          .contains("release v1", "-Xmx", "memory limit 268435456 bytes");
      // Memory is changed by replacing the sandbox, which starts without the stale cache.
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(sandboxes(acme))
                      .as("events %s", events(acme, null))
                      .singleElement()
                      .asString()
                      .contains("-Xmx")
                      .doesNotContain("/app/app.aot"));
      awaitEvents(acme, "release.aot-cache.built", 2);
      assertThat(caches()).as("the stale cache is gone").hasSize(1);
    } finally {
      acme.deleteApp("web", OWN.name());
    }
  }

  /** A training container as a control plane killed during its run leaves it: exited. */
  private static String leftoverTraining() {
    var docker = Infrastructure.docker();
    String id =
        docker
            .createContainerCmd(Infrastructure.IMAGE)
            .withEntrypoint("java", "-version")
            .withLabels(Map.of("paddock.managed-by", OWN.name(), "paddock.aot-training", "x"))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  private List<String> awaitEvents(Tenancy acme, String type, int count) {
    await()
        .atMost(TRAINING)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> events(acme, type).size() >= count || failed(acme));
    assertThat(events(acme, "release.aot-cache.failed")).isEmpty();
    return events(acme, type);
  }

  private boolean failed(Tenancy acme) {
    return !events(acme, "release.aot-cache.failed").isEmpty();
  }

  private List<String> events(Tenancy acme, String type) {
    JsonNode events = api().get(acme.apps() + "/web/events", acme.token()).json();
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> type == null || e.get("type").asString().equals(type))
        .map(e -> e.get("message").asString())
        .toList();
  }

  private String logs(Tenancy acme) {
    return api().get(acme.apps() + "/web/logs?tail=50", acme.token()).body();
  }

  private Container running(Tenancy acme) {
    return Infrastructure.containersOf(OWN.name()).stream()
        .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
        .filter(c -> c.getLabels().containsKey("paddock.app-id"))
        .filter(c -> c.getState().equals("running"))
        .findFirst()
        .orElse(null);
  }

  /** The app's running sandboxes, each as its command and its environment. */
  private List<String> sandboxes(Tenancy acme) {
    return Infrastructure.containersOf(OWN.name()).stream()
        .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
        .filter(c -> c.getLabels().containsKey("paddock.app-id"))
        .filter(c -> c.getState().equals("running"))
        .map(
            c ->
                c.getState()
                    + " "
                    + c.getCommand()
                    + " "
                    + String.join(
                        " ",
                        Infrastructure.docker()
                            .inspectContainerCmd(c.getId())
                            .exec()
                            .getConfig()
                            .getEnv()))
        .toList();
  }

  private static List<Path> caches() throws IOException {
    try (Stream<Path> files = Files.list(OWN.data().resolve("releases"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
    }
  }

  private Api api() {
    return new Api(java.net.URI.create("http://127.0.0.1:" + port + "/"));
  }
}
