package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.Tenancy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Env and health check are part of a release: changing them rolls out a new one. Limits are the
 * app's: CPUs and pids change in place, memory by replacing the sandbox.
 */
class SettingsIT extends InProcessPaddock {

  private Tenancy acme;

  @BeforeEach
  void app() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("settings"));
    acme.createApp("web");
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void cpusAndPidsChangeInPlaceAndDockerEnforcesThem() {
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
    String before = running().getId();
    // It started with 1.5 CPUs, its JVM told the limit's 1 processor, and is at its limit once
    // live, which is no resize of the tenant's.
    assertThat(running().getConfig().getEnv())
        .anyMatch(e -> e.startsWith("JDK_JAVA_OPTIONS=-XX:ActiveProcessorCount=1"));
    assertThat(running().getHostConfig().getCpuQuota()).isEqualTo(10_000L);
    assertThat(events()).noneMatch(e -> e.contains("CPUs and"));

    var limits =
        api().put(acme.apps() + "/web/limits", acme.token(), Map.of("cpus", 0.5, "pids", 128));

    assertThat(limits.status()).as(limits.body()).isEqualTo(200);
    assertThat(limits.text("applied")).isEqualTo("in place");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              InspectContainerResponse sandbox = running();
              assertThat(sandbox.getId()).isEqualTo(before);
              // Half of every 10 ms period.
              assertThat(sandbox.getHostConfig().getCpuPeriod()).isEqualTo(10_000L);
              assertThat(sandbox.getHostConfig().getCpuQuota()).isEqualTo(5_000L);
              assertThat(sandbox.getHostConfig().getPidsLimit()).isEqualTo(128L);
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              var inForce = acme.app("web").json().get("instances").get(0).get("limits");
              assertThat(inForce.get("cpus").asDouble()).isEqualTo(0.5);
              assertThat(inForce.get("pids").asInt()).isEqualTo(128);
            });
    assertThat(events()).anyMatch(e -> e.contains("0.5 CPUs and 128 pids"));
    assertThat(api().get(acme.apps() + "/web/releases", acme.token()).json().size()).isEqualTo(1);
  }

  @Test
  void aMemoryChangeReplacesTheSandboxWithoutALostRequestAndTheHeapFollows() {
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
    String before = running().getId();

    Map<Integer, Long> statuses;
    try (Load load = new Load(EDGE_PORT, acme.host("web"), "/", 2)) {
      var limits = api().put(acme.apps() + "/web/limits", acme.token(), Map.of("memory", "320MiB"));
      assertThat(limits.status()).as(limits.body()).isEqualTo(200);
      assertThat(limits.text("applied")).isEqualTo("by replacement");
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> !running().getId().equals(before) && serving() == 1);
      statuses = load.stop();
    }

    assertThat(statuses).containsOnlyKeys(200);
    assertThat(running().getHostConfig().getMemory()).isEqualTo(320L << 20);
    assertThat(api().get(acme.apps() + "/web/releases", acme.token()).json().size()).isEqualTo(1);
    // The app's status shows what the engine reads back, and the heap is sized from the limit.
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              var app = acme.app("web").json();
              assertThat(app.get("limits").get("memory").asString()).isEqualTo("320MiB");
              var inForce = app.get("instances").get(0).get("limits");
              assertThat(inForce.get("memory").asString()).isEqualTo("320MiB");
              assertThat(inForce.get("cpus").asDouble()).isEqualTo(1.0);
            });
    String sandbox = running().getName().substring(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              var series =
                  StreamSupport.stream(
                          api()
                              .get(acme.apps() + "/web/metrics", acme.token())
                              .json()
                              .get("instances")
                              .spliterator(),
                          false)
                      .filter(s -> s.get("sandbox").asString().equals(sandbox))
                      .findFirst()
                      .orElseThrow();
              // A sandbox is sampled from its start on, before its JVM answers: take the last.
              var samples = series.get("samples");
              long heapMax = samples.get(samples.size() - 1).get("heapMaxBytes").asLong();
              // The calculator leaves a hello handler 188 MiB of 320 MiB: -Xmx188m, which the
              // JVM reports less a survivor space.
              assertThat(heapMax).isBetween(170L << 20, 188L << 20);
            });
  }

  @Test
  void aChangedEnvRollsOutAsANewRelease() {
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");

    var env = api().put(acme.apps() + "/web/env", acme.token(), Map.of("GREETING", "hej"));

    assertThat(env.status()).as(env.body()).isEqualTo(200);
    assertThat(acme.awaitDeploy("web", env.json().get("deploy").get("id").asLong()))
        .isEqualTo("live");
    assertThat(running().getConfig().getEnv()).contains("GREETING=hej", "PADDOCK_RELEASE=2");
    var releases = api().get(acme.apps() + "/web/releases", acme.token()).json();
    assertThat(releases.size()).isEqualTo(2);
    assertThat(releases.get(0).get("env").get(0).asString()).isEqualTo("GREETING");
    assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/release").body()).isEqualTo("2\n");
  }

  @Test
  void aRunnableJarIsHealthyOnlyOnceItsHealthPathAnswers() {
    var check =
        api().put(acme.apps() + "/web/health-check", acme.token(), Map.of("path", "/ready"));
    var bad =
        api().put(acme.apps() + "/web/health-check", acme.token(), Map.of("path", "no slash"));

    assertThat(check.status()).isEqualTo(200);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text("type")).endsWith("/invalid-health-check");
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-runnable"))))
        .isEqualTo("live");
    assertThat(running().getConfig().getEnv()).contains("PADDOCK_HEALTH_PATH=/ready");
    var release = api().get(acme.apps() + "/web/releases", acme.token()).json().get(0);
    assertThat(release.get("healthPath").asString()).isEqualTo("/ready");
  }

  @Test
  void viewersReadTheNamesOfVariablesButNotTheirValues() {
    api().put(acme.apps() + "/web/env", acme.token(), Map.of("DATABASE_PASSWORD", "s3cret"));
    String viewer =
        api()
            .post(
                "api/v1/tenants/" + acme.tenant() + "/tokens",
                acme.token(),
                Map.of("name", "reader", "role", "viewer"))
            .text("token");

    var seen = api().get(acme.apps() + "/web/env", viewer);

    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.json().has("DATABASE_PASSWORD")).isTrue();
    assertThat(seen.json().get("DATABASE_PASSWORD").isNull()).isTrue();
    assertThat(seen.body()).doesNotContain("s3cret");
    assertThat(api().get(acme.apps() + "/web/env", acme.token()).text("DATABASE_PASSWORD"))
        .isEqualTo("s3cret");
  }

  @Test
  void beforeTheFirstDeploySettingsOnlyShapeTheFirstSandbox() {
    var limits = api().put(acme.apps() + "/web/limits", acme.token(), Map.of("cpus", 0.5));
    var env = api().put(acme.apps() + "/web/env", acme.token(), Map.of("GREETING", "hej"));

    assertThat(limits.status()).isEqualTo(200);
    assertThat(limits.text("applied")).isEqualTo("at the first deploy");
    assertThat(env.json().get("deploy").isNull()).isTrue();
    assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
        .isEqualTo("live");
    assertThat(running().getHostConfig().getCpuQuota()).isEqualTo(5_000L);
    assertThat(running().getConfig().getEnv()).contains("GREETING=hej", "PADDOCK_RELEASE=1");
  }

  @Test
  void badEnvOrLimitsAreRefusedAndChangeNothing() {
    var reserved = api().put(acme.apps() + "/web/env", acme.token(), Map.of("PORT", "1"));
    var badName = api().put(acme.apps() + "/web/env", acme.token(), Map.of("1X", "1"));
    var badSize = api().put(acme.apps() + "/web/limits", acme.token(), Map.of("memory", "a lot"));
    var tooSmall = api().put(acme.apps() + "/web/limits", acme.token(), Map.of("memory", "1MiB"));

    assertThat(reserved.status()).isEqualTo(400);
    assertThat(reserved.text("detail")).contains("set by Paddock");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.text("type")).endsWith("/invalid-env");
    assertThat(badSize.status()).isEqualTo(400);
    assertThat(badSize.text("type")).endsWith("/invalid-limits");
    assertThat(tooSmall.text("detail")).contains("at least 64MiB");
    assertThat(api().get(acme.apps() + "/web/env", acme.token()).json().size()).isZero();
    assertThat(acme.app("web").json().get("limits").get("memory").asString()).isEqualTo("256MiB");
  }

  @Test
  void onlyTheNewestReleasesKeepTheirJarsAndAnOlderOneCannotBeDeployedAgain() throws Exception {
    Path work = Files.createTempDirectory(DATA, "variants");
    String firstSha = null;
    for (int n = 1; n <= 12; n++) {
      var release = uploadVariant(work, n);
      if (n == 1) {
        firstSha = release.text("sha256");
      }
    }

    var releases = api().get(acme.apps() + "/web/releases", acme.token()).json();
    assertThat(releases.size()).isEqualTo(12);
    assertThat(releases.get(0).get("retained").asBoolean()).isTrue();
    assertThat(releases.get(9).get("retained").asBoolean()).isTrue();
    assertThat(releases.get(10).get("retained").asBoolean()).isFalse();
    assertThat(DATA.resolve("releases").resolve(firstSha + ".jar")).doesNotExist();
    var gone = api().post(acme.apps() + "/web/deploys", acme.token(), "{\"release\": 1}");
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.text("detail")).contains("v1", "retention");
  }

  @Test
  void theImageOfAReleaseThatLostItsJarIsRemoved() throws Exception {
    Path work = Files.createTempDirectory(DATA, "images");
    String first = deployVariant(work, 1);
    String second = deployVariant(work, 2);
    assertThat(releaseImages())
        .anyMatch(tag -> tag.contains(first))
        .anyMatch(tag -> tag.contains(second));

    for (int n = 3; n <= 12; n++) {
      uploadVariant(work, n);
    }

    // v1 lost its jar to the ten newer releases: the next pass removes its image once its drained
    // sandbox is gone. v2 is live and keeps both.
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> assertThat(releaseImages()).noneMatch(tag -> tag.contains(first)));
    assertThat(releaseImages()).anyMatch(tag -> tag.contains(second));
  }

  /**
   * Uploads variant {@code n} and deploys it; returns the start of its sha256, as image tags have
   * it.
   */
  private String deployVariant(Path work, int n) throws Exception {
    var release = uploadVariant(work, n);
    long deploy =
        acme.rollout(
            "web", "deploys", "{\"release\": " + release.json().get("version").asInt() + "}");
    assertThat(acme.awaitDeploy("web", deploy)).isEqualTo("live");
    return release.text("sha256").substring(0, 32);
  }

  /** The tags of this installation's release images. */
  private static List<String> releaseImages() {
    return Infrastructure.docker()
        .listImagesCmd()
        .withLabelFilter(Map.of("paddock.managed-by", INSTALLATION))
        .exec()
        .stream()
        .flatMap(
            image -> Stream.of(image.getRepoTags() == null ? new String[0] : image.getRepoTags()))
        .toList();
  }

  /** Uploads variant {@code n} of the hello handler, built in {@code work}. */
  private Api.Response uploadVariant(Path work, int n) throws Exception {
    var release = api().upload(acme.apps() + "/web/releases", acme.token(), variant(work, n));
    assertThat(release.status()).as(release.body()).isEqualTo(201);
    return release;
  }

  /** The hello handler with one more entry: the same app, a different sha256. */
  private static Path variant(Path work, int n) throws Exception {
    Path target = work.resolve(n + ".jar");
    try (var in = new JarFile(Api.example("hello-handler").toFile());
        var out = new JarOutputStream(Files.newOutputStream(target), in.getManifest())) {
      for (var entries = in.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().startsWith("META-INF/MANIFEST")) {
          out.putNextEntry(new JarEntry(entry.getName()));
          in.getInputStream(entry).transferTo(out);
        }
      }
      out.putNextEntry(new JarEntry("variant-" + n + ".txt"));
    }
    return target;
  }

  private long serving() {
    return Infrastructure.containersOf(INSTALLATION).stream()
        .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
        .filter(c -> c.getState().equals("running"))
        .count();
  }

  private List<String> events() {
    JsonNode events = api().get(acme.apps() + "/web/events", acme.token()).json();
    return StreamSupport.stream(events.spliterator(), false)
        .map(e -> e.get("message").asString())
        .toList();
  }

  private InspectContainerResponse running() {
    var container =
        Infrastructure.containersOf(INSTALLATION).stream()
            .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
            .filter(c -> c.getState().equals("running"))
            .findFirst()
            .orElseThrow();
    return Infrastructure.docker().inspectContainerCmd(container.getId()).exec();
  }
}
