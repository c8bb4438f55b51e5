package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.TestSandboxes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment a sandbox's container gets, by the release's kind. */
class ConfinementTest {

  private static final Confinement CONFINEMENT =
      new Confinement(TestSandboxes.properties(SandboxProperties.Driver.DOCKER));

  @Test
  void aRunnableJarServingOnItsSocketPreloadsTheListenerAndAHandlerJarDoesNot() {
    assertThat(CONFINEMENT.env(spec(false, Map.of()), true))
        .contains("LD_PRELOAD=/opt/paddock/paddock-listen.so")
        .anyMatch(variable -> variable.startsWith("PADDOCK_SOCKET=/run/paddock/"));
    assertThat(CONFINEMENT.env(spec(true, Map.of()), true))
        .noneMatch(variable -> variable.startsWith("LD_PRELOAD="));
  }

  @Test
  void aTrainingRunListensOnTheAppsPortWithoutTheListener() {
    assertThat(CONFINEMENT.env(spec(false, Map.of()), false))
        .noneMatch(variable -> variable.startsWith("LD_PRELOAD="))
        .noneMatch(variable -> variable.startsWith("PADDOCK_SOCKET="));
  }

  @Test
  void aLibraryTheAppPreloadsItselfComesAfterTheListener() {
    assertThat(CONFINEMENT.env(spec(false, Map.of("LD_PRELOAD", "/app/lib/libjemalloc.so")), true))
        .filteredOn(variable -> variable.startsWith("LD_PRELOAD="))
        .containsExactly("LD_PRELOAD=/opt/paddock/paddock-listen.so /app/lib/libjemalloc.so");
    assertThat(CONFINEMENT.env(spec(true, Map.of("LD_PRELOAD", "/app/lib/libjemalloc.so")), true))
        .filteredOn(variable -> variable.startsWith("LD_PRELOAD="))
        .containsExactly("LD_PRELOAD=/app/lib/libjemalloc.so");
  }

  private static SandboxSpec spec(boolean handler, Map<String, String> env) {
    return TestSandboxes.spec(handler, env);
  }
}
