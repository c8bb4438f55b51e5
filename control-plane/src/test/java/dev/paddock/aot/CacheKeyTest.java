package dev.paddock.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jvm.JvmMemory;
import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.TestSandboxes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class CacheKeyTest {

  private static final String IMAGE = "paddock/sandbox:1";

  @Test
  void aNewMemoryLimitMakesANewKeyAndNamesTheHeapItSizes() {
    CacheKey small = CacheKey.of(spec(256, 1, "-Xmx120m"), IMAGE);
    CacheKey large = CacheKey.of(spec(512, 1, "-Xmx300m"), IMAGE);

    assertThat(small.hash()).isNotEqualTo(large.hash()).hasSize(12);
    assertThat(small.options()).contains("-XX:+UseSerialGC", "-Xmx120m");
  }

  @Test
  void theSameSpecGivesTheSameKeyWhateverItsSlotOrRollout() {
    assertThat(CacheKey.of(spec(256, 1, "-Xmx120m"), IMAGE))
        .isEqualTo(CacheKey.of(spec(256, 1, "-Xmx120m"), IMAGE));
  }

  @Test
  void theCollectorIsPinnedToTheOneTheJvmWouldPickForTheLimits() {
    assertThat(CacheKey.of(spec(256, 2, "-Xmx120m"), IMAGE).pinned())
        .containsExactly("-XX:+UseSerialGC");
    assertThat(CacheKey.of(spec(2048, 2, "-Xmx1g"), IMAGE).pinned())
        .containsExactly("-XX:+UseG1GC");
  }

  private static SandboxSpec spec(int memoryMiB, double cpus, String sizing) {
    return TestSandboxes.spec(
        true,
        new Limits(DataSize.ofMegabytes(memoryMiB), cpus, 256),
        Map.of(JvmMemory.JAVA_OPTIONS, sizing));
  }
}
