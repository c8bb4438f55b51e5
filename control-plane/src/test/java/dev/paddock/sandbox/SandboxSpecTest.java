package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.app.Limits;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SandboxSpecTest {

  private final SandboxSpec spec =
      new SandboxSpec(
          new SandboxSpec.Owner(1, "acme", 7, "hello"),
          3,
          2,
          "ab".repeat(32),
          Path.of("/data/releases/x.jar"),
          true,
          100000,
          new Limits(DataSize.ofMegabytes(256), 1.0, 256),
          Map.of("B", "2", "A", "1"),
          Path.of("/data/run/acme/hello"),
          0);

  @Test
  void theSameSpecAlwaysHashesTheSame() {
    SandboxSpec again =
        new SandboxSpec(
            spec.owner(),
            spec.release(),
            spec.version(),
            spec.artifactSha256(),
            spec.artifact(),
            spec.handler(),
            spec.uid(),
            spec.limits(),
            Map.of("A", "1", "B", "2"),
            spec.socketDir(),
            spec.slot());

    assertThat(again.hash()).isEqualTo(spec.hash()).hasSize(24);
  }

  @Test
  void aChangeOfLimitsEnvOrReleaseIsDrift() {
    assertThat(withLimits(new Limits(DataSize.ofMegabytes(512), 1.0, 256)).hash())
        .isNotEqualTo(spec.hash());
    assertThat(withEnv(Map.of("A", "1")).hash()).isNotEqualTo(spec.hash());
  }

  private SandboxSpec withLimits(Limits limits) {
    return new SandboxSpec(
        spec.owner(),
        spec.release(),
        spec.version(),
        spec.artifactSha256(),
        spec.artifact(),
        spec.handler(),
        spec.uid(),
        limits,
        spec.env(),
        spec.socketDir(),
        spec.slot());
  }

  private SandboxSpec withEnv(Map<String, String> env) {
    return new SandboxSpec(
        spec.owner(),
        spec.release(),
        spec.version(),
        spec.artifactSha256(),
        spec.artifact(),
        spec.handler(),
        spec.uid(),
        spec.limits(),
        env,
        spec.socketDir(),
        spec.slot());
  }
}
