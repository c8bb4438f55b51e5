package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.TestSandboxes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The environment a sandbox's container gets, by the release's kind and the CPUs it starts with.
 */
class ConfinementTest {

  private static final Confinement CONFINEMENT =
      new Confinement(TestSandboxes.properties(SandboxProperties.Driver.DOCKER));

  @Test
  void aRunnableJarServingOnItsSocketPreloadsTheListenerAndAHandlerJarDoesNot() {
    assertThat(CONFINEMENT.env(spec(false, Map.of()), true, 1.0))
        .contains("LD_PRELOAD=/opt/paddock/paddock-listen.so")
        .anyMatch(variable -> variable.startsWith("PADDOCK_SOCKET=/run/paddock/"));
    assertThat(CONFINEMENT.env(spec(true, Map.of()), true, 1.0))
        .noneMatch(variable -> variable.startsWith("LD_PRELOAD="));
  }

  @Test
  void aTrainingRunListensOnTheAppsPortWithoutTheListener() {
    assertThat(CONFINEMENT.env(spec(false, Map.of()), false, 1.0))
        .noneMatch(variable -> variable.startsWith("LD_PRELOAD="))
        .noneMatch(variable -> variable.startsWith("PADDOCK_SOCKET="));
  }

  @Test
  void aLibraryTheAppPreloadsItselfComesAfterTheListener() {
    assertThat(
            CONFINEMENT.env(
                spec(false, Map.of("LD_PRELOAD", "/app/lib/libjemalloc.so")), true, 1.0))
        .filteredOn(variable -> variable.startsWith("LD_PRELOAD="))
        .containsExactly("LD_PRELOAD=/opt/paddock/paddock-listen.so /app/lib/libjemalloc.so");
    assertThat(
            CONFINEMENT.env(spec(true, Map.of("LD_PRELOAD", "/app/lib/libjemalloc.so")), true, 1.0))
        .filteredOn(variable -> variable.startsWith("LD_PRELOAD="))
        .containsExactly("LD_PRELOAD=/app/lib/libjemalloc.so");
  }

  @Test
  void aStartGivenMoreCpusThanTheLimitTellsTheJvmTheLimitsProcessorCountBeforeTheAppsOptions() {
    SandboxSpec spec = spec(false, Map.of("JDK_JAVA_OPTIONS", "-Xmx83m -XX:+UseSerialGC"));
    assertThat(CONFINEMENT.startCpus(spec)).isEqualTo(1.5);

    assertThat(CONFINEMENT.env(spec, true, CONFINEMENT.startCpus(spec)))
        .filteredOn(variable -> variable.startsWith("JDK_JAVA_OPTIONS="))
        .containsExactly("JDK_JAVA_OPTIONS=-XX:ActiveProcessorCount=1 -Xmx83m -XX:+UseSerialGC");
    assertThat(CONFINEMENT.env(spec(true, Map.of()), true, 1.5))
        .contains("JDK_JAVA_OPTIONS=-XX:ActiveProcessorCount=1");
  }

  @Test
  void aContainerAtItsLimitLeavesTheJvmToCountItsProcessors() {
    SandboxSpec spec =
        TestSandboxes.spec(false, new Limits(DataSize.ofMegabytes(256), 3.0, 256), Map.of());
    assertThat(CONFINEMENT.startCpus(spec)).isEqualTo(3.0);

    assertThat(CONFINEMENT.env(spec, true, CONFINEMENT.startCpus(spec)))
        .noneMatch(variable -> variable.startsWith("JDK_JAVA_OPTIONS="));
    assertThat(CONFINEMENT.env(spec(false, Map.of("JDK_JAVA_OPTIONS", "-Xmx83m")), false, 1.0))
        .contains("JDK_JAVA_OPTIONS=-Xmx83m");
  }

  private static SandboxSpec spec(boolean handler, Map<String, String> env) {
    return TestSandboxes.spec(handler, env);
  }
}
