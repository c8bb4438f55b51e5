package dev.paddock.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class MemoryCalculatorTest {

  /** The classes of a stock Spring Boot 4 web app with actuator, nested jars included. */
  static final int SPRING_BOOT_CLASSES = 12_291;

  static final int TINY_HANDLER_CLASSES = 1;

  @Test
  void aTinyHandlerAppAt128MiBGetsWhatTheNonHeapRegionsLeave() {
    JvmMemory memory = MemoryCalculator.size(mib(128), true, TINY_HANDLER_CLASSES);

    assertThat(memory.loadedClasses()).isEqualTo(3_001);
    assertThat(memory.metaspace()).isEqualTo(mib(30));
    assertThat(memory.codeCache()).isEqualTo(mib(16));
    assertThat(memory.threadStacks()).isEqualTo(mib(20));
    assertThat(memory.direct()).isEqualTo(mib(10));
    assertThat(memory.headroom()).isEqualTo(mib(13));
    assertThat(memory.heap()).isEqualTo(mib(39));
    assertThat(memory.fits()).isTrue();
    assertThat(memory.options())
        .containsExactly(
            "-Xmx39m",
            "-Xss1m",
            "-XX:MaxMetaspaceSize=30m",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxDirectMemorySize=10m");
  }

  @Test
  void theRegionsAndTheHeapAddUpToTheLimitAtEverySizeThatFitsUpTo4GiB() {
    for (long limit = 192; limit <= 4096; limit += 32) {
      JvmMemory memory = MemoryCalculator.size(mib(limit), false, SPRING_BOOT_CLASSES);
      long sum =
          memory.heap().toBytes()
              + memory.metaspace().toBytes()
              + memory.codeCache().toBytes()
              + memory.threadStacks().toBytes()
              + memory.direct().toBytes()
              + memory.headroom().toBytes();
      assertThat(sum).as("at %d MiB", limit).isLessThanOrEqualTo(mib(limit).toBytes());
      assertThat(memory.heap().toBytes() % (1 << 20)).isZero();
    }
  }

  @Test
  void aSpringSizedAppAt256MiBHasMetaspaceForItsClassesAndTheRestAsHeap() {
    JvmMemory memory = MemoryCalculator.size(mib(256), false, SPRING_BOOT_CLASSES);

    assertThat(memory.loadedClasses()).isEqualTo(7_302);
    assertThat(memory.metaspace()).isEqualTo(mib(54));
    assertThat(memory.codeCache()).isEqualTo(mib(32));
    assertThat(memory.threadStacks()).isEqualTo(mib(50));
    assertThat(memory.headroom()).isEqualTo(mib(26));
    assertThat(memory.heap()).isEqualTo(mib(84));
    assertThat(memory.floor()).isEqualTo(mib(29));
    assertThat(memory.fits()).isTrue();
  }

  @Test
  void theCodeCacheStopsAtTheJvmsOwnDefaultAndEveryMoreMiBGoesToTheHeapAndHeadroom() {
    JvmMemory two = MemoryCalculator.size(mib(2048), false, SPRING_BOOT_CLASSES);
    JvmMemory four = MemoryCalculator.size(mib(4096), false, SPRING_BOOT_CLASSES);

    assertThat(two.codeCache()).isEqualTo(mib(240));
    assertThat(four.codeCache()).isEqualTo(mib(240));
    assertThat(four.metaspace()).isEqualTo(two.metaspace());
    assertThat(four.heap().toMegabytes() - two.heap().toMegabytes()).isBetween(1843L, 1844L);
  }

  @Test
  void aReleaseWhoseClassesWereNeverCountedIsSizedForTheRuntimeAloneButNeverRefused() {
    assertThat(MemoryCalculator.size(mib(256), false, null).loadedClasses()).isEqualTo(3_000);
    assertThat(MemoryCalculator.refusal(mib(64), false, null, "Release v1")).isEmpty();
  }

  @Test
  void aSpringSizedAppDoesNotFitIn128MiBAndIsToldTheLimitToSet() {
    assertThat(MemoryCalculator.size(mib(128), false, SPRING_BOOT_CLASSES).fits()).isFalse();

    assertThatThrownBy(
            () -> MemoryCalculator.require(mib(128), false, SPRING_BOOT_CLASSES, "Release v1"))
        .isInstanceOf(MemoryTooSmallException.class)
        .hasMessageContaining("Release v1 does not fit in a memory limit of 128MiB")
        .hasMessageContaining("metaspace 54MiB (7302 classes)")
        .hasMessageContaining("below the 29MiB it needs")
        .hasMessageContaining("Set the memory limit to at least 192MiB.");
  }

  @Test
  void aTinyHandlerAppDoesNotFitInTheSmallestLimitOf64MiB() {
    JvmMemory memory = MemoryCalculator.size(mib(64), true, TINY_HANDLER_CLASSES);

    assertThat(memory.fits()).isFalse();
    assertThat(memory.heap()).isEqualTo(mib(0));
    assertThat(MemoryCalculator.smallestFit(true, TINY_HANDLER_CLASSES)).isEqualTo(mib(112));
  }

  @Test
  void theSmallestFitIsALimitThatFitsAndTheStepBelowItDoesNot() {
    for (int classes : new int[] {0, 500, 5_000, SPRING_BOOT_CLASSES, 60_000}) {
      DataSize fit = MemoryCalculator.smallestFit(false, classes);
      assertThat(MemoryCalculator.size(fit, false, classes).fits()).isTrue();
      assertThat(MemoryCalculator.size(mib(fit.toMegabytes() - 16), false, classes).fits())
          .isFalse();
    }
  }

  private static DataSize mib(long mib) {
    return DataSize.ofMegabytes(mib);
  }
}
