package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SandboxSpecTest {

  private static final Limits LIMITS = new Limits(DataSize.ofMegabytes(256), 1.0, 256);

  @Test
  void theSameSpecAlwaysHashesTheSame() {
    assertThat(spec(LIMITS, Map.of("A", "1", "B", "2")).hash())
        .isEqualTo(spec(LIMITS, Map.of("B", "2", "A", "1")).hash())
        .hasSize(24);
  }

  @Test
  void aChangeOfMemoryOrEnvIsDrift() {
    String hash = spec(LIMITS, Map.of("A", "1")).hash();

    assertThat(spec(new Limits(DataSize.ofMegabytes(512), 1.0, 256), Map.of("A", "1")).hash())
        .isNotEqualTo(hash);
    assertThat(spec(LIMITS, Map.of("A", "2")).hash()).isNotEqualTo(hash);
  }

  @Test
  void cpusAndPidsAreNotDriftTheyChangeInPlace() {
    String hash = spec(LIMITS, Map.of()).hash();

    assertThat(spec(new Limits(DataSize.ofMegabytes(256), 0.5, 64), Map.of()).hash())
        .isEqualTo(hash);
  }

  @Test
  void theSandboxSocketIsNamedAfterTheHash() {
    SandboxSpec spec = spec(LIMITS, Map.of());

    assertThat(spec.socketName()).isEqualTo(spec.hash() + ".sock");
  }

  private static SandboxSpec spec(Limits limits, Map<String, String> env) {
    return TestSandboxes.spec(true, limits, env);
  }
}
