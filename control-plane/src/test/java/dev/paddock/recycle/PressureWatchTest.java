package dev.paddock.recycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.HeapPressure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PressureWatchTest {

  private static final long MIB = 1 << 20;

  private static HeapPressure pressure(long heapMib, Duration left, Duration ready) {
    return new HeapPressure(heapMib * MIB, 133 * MIB, 16 * MIB, left, ready, List.of());
  }

  @Test
  void theLeadIsTwiceTheJvmsStartPlusTheContainersWithinBounds() {
    assertThat(PressureWatch.lead(pressure(10, null, Duration.ofMillis(2250))))
        .isEqualTo(Duration.ofMillis(7500));
    assertThat(PressureWatch.lead(pressure(10, null, Duration.ofMillis(100))))
        .isEqualTo(PressureWatch.MIN_LEAD);
    assertThat(PressureWatch.lead(pressure(10, null, Duration.ofMinutes(5))))
        .isEqualTo(PressureWatch.MAX_LEAD);
    assertThat(PressureWatch.lead(pressure(10, null, null))).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aHeapFullSoonerThanTheLeadAndPastTheFloorPresses() {
    Duration lead = Duration.ofSeconds(5);

    assertThat(PressureWatch.pressing(pressure(40, Duration.ofSeconds(4), null), lead, 25))
        .isTrue();
    assertThat(PressureWatch.pressing(pressure(40, Duration.ofSeconds(6), null), lead, 25))
        .as("full later than a replacement needs")
        .isFalse();
    assertThat(PressureWatch.pressing(pressure(20, Duration.ofSeconds(4), null), lead, 25))
        .as("below the floor: a JVM's start")
        .isFalse();
    assertThat(PressureWatch.pressing(pressure(120, null, null), lead, 25))
        .as("not growing")
        .isFalse();
  }

  @Test
  void theFloorIsThePolicysShareWhenLower() {
    assertThat(PressureWatch.floor(new RecyclePolicy(70, 80, null, null, null))).isEqualTo(25);
    assertThat(PressureWatch.floor(new RecyclePolicy(10, null, null, null, null))).isEqualTo(10);
    assertThat(PressureWatch.floor(new RecyclePolicy(null, 80, null, null, null))).isEqualTo(25);
  }
}
