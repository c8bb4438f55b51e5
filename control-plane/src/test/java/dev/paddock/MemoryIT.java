package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The sandbox JVM's memory is split from the app's limit, and a limit too small is refused. */
class MemoryIT extends InProcessPaddock {

  private static final long MIB = 1 << 20;

  @Test
  void theSandboxJvmRunsWithTheHeapTheAppShowsAndTheLimitCannotFallBelowWhatItNeeds() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("memory"));
    try {
      var created =
          api()
              .post(
                  acme.apps(),
                  acme.token(),
                  Map.of("name", "web", "limits", Map.of("memory", "192MiB")));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("hello-handler"))))
          .isEqualTo("live");

      JsonNode jvm = acme.app("web").json().get("jvm");
      assertThat(jvm.get("heap").asString()).isEqualTo("88MiB");
      assertThat(jvm.get("metaspace").asString()).isEqualTo("30MiB");
      assertThat(jvm.get("options").toString()).contains("-Xmx88m", "-XX:MaxMetaspaceSize=30m");
      // The JVM reports as its heap max what -Xmx gives, less a survivor space.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                // Right after the deploy the sampler may not have seen the instance yet.
                JsonNode instances =
                    api().get(acme.apps() + "/web/metrics", acme.token()).json().get("instances");
                assertThat(instances.size()).isPositive();
                JsonNode samples = instances.get(0).get("samples");
                assertThat(samples.size()).isPositive();
                assertThat(samples.get(samples.size() - 1).get("heapMaxBytes").asLong())
                    .isBetween(80 * MIB, 88 * MIB);
              });

      var lowered = api().put(acme.apps() + "/web/limits", acme.token(), Map.of("memory", "96MiB"));
      assertThat(lowered.status()).as(lowered.body()).isEqualTo(422);
      assertThat(lowered.contentType()).startsWith("application/problem+json");
      assertThat(lowered.text("detail"))
          .contains(
              "Release v1 does not fit in a memory limit of 96MiB",
              "metaspace 30MiB",
              "Set the memory limit to at least 112MiB.");
      assertThat(acme.app("web").json().get("limits").get("memory").asString()).isEqualTo("192MiB");
    } finally {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  @Test
  void aDeployAtALimitTooSmallForTheReleaseIsRefusedWithTheFiguresAndTheLimitToSet() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("memory"));
    try {
      var created =
          api()
              .post(
                  acme.apps(),
                  acme.token(),
                  Map.of("name", "tiny", "limits", Map.of("memory", "64MiB")));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      int version = acme.upload("tiny", Api.example("hello-handler"));

      var refused =
          api().post(acme.apps() + "/tiny/deploys", acme.token(), Map.of("release", version));

      assertThat(refused.status()).as(refused.body()).isEqualTo(422);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.text("type")).endsWith("memory-too-small");
      assertThat(refused.text("detail"))
          .contains(
              "Release v1 does not fit in a memory limit of 64MiB",
              "metaspace 30MiB (3001 classes), code cache 16MiB, thread stacks 20MiB",
              "Set the memory limit to at least 112MiB.");
      assertThat(acme.app("tiny").json().get("status").asString()).isEqualTo("created");
    } finally {
      acme.deleteApp("tiny", INSTALLATION);
    }
  }
}
