package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PressureTest {

  private static final long MIB = 1 << 20;

  /** Readings every 100 ms of a heap that grows {@code perSecond} from {@code start}. */
  private static List<HeapAfterGc.Point> growing(long start, long perSecond, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new HeapAfterGc.Point(1000 + i * 100L, start + perSecond * i / 10))
        .toList();
  }

  @Test
  void aSteadyLeakProjectsWhenTheHeapIsFull() {
    // 16 MiB/s from 20 MiB over 2 s: 52 MiB now, full (95% of 100 MiB) in 43 MiB / 16 MiB/s.
    Pressure pressure = Pressure.of(growing(20 * MIB, 16 * MIB, 21), 100 * MIB);

    assertEquals(16 * MIB, pressure.bytesPerSecond(), MIB / 100.0);
    assertEquals(2687, pressure.exhaustionMillis(), 20);
    assertTrue(pressure.within(3000, 25));
    assertFalse(pressure.within(2000, 25), "full later than asked");
    assertFalse(pressure.within(3000, 60), "below the floor");
  }

  @Test
  void aFlatOrShrinkingHeapIsNeverFull() {
    assertEquals(-1, Pressure.of(growing(50 * MIB, 0, 30), 100 * MIB).exhaustionMillis());
    assertEquals(-1, Pressure.of(growing(50 * MIB, -MIB, 30), 100 * MIB).exhaustionMillis());
    assertFalse(Pressure.of(growing(50 * MIB, 0, 30), 100 * MIB).within(Long.MAX_VALUE, 0));
  }

  @Test
  void tooFewReadingsOrTooCloseTogetherGiveNoSlope() {
    assertEquals(0, Pressure.slope(List.of(), Pressure.WINDOW_MILLIS));
    assertEquals(0, Pressure.slope(growing(MIB, 100 * MIB, 2), Pressure.WINDOW_MILLIS));
    assertEquals(
        0,
        Pressure.slope(growing(MIB, 100 * MIB, 5), Pressure.WINDOW_MILLIS),
        "half a second only");
  }

  @Test
  void onlyTheLastTenSecondsCount() {
    List<HeapAfterGc.Point> old = growing(0, 0, 50);
    List<HeapAfterGc.Point> trend =
        java.util.stream.Stream.concat(
                old.stream(),
                growing(0, 8 * MIB, 101).stream()
                    .map(p -> new HeapAfterGc.Point(p.uptimeMillis() + 60_000, p.bytes())))
            .toList();

    assertEquals(8 * MIB, Pressure.slope(trend, Pressure.WINDOW_MILLIS), MIB / 100.0);
  }

  @Test
  void aLeakThatJustBeganIsJudgedByItsLastSeconds() {
    // Idle for 8 s (a replacement waiting for its traffic), then 16 MiB/s for 2 s.
    List<HeapAfterGc.Point> trend =
        java.util.stream.Stream.concat(
                growing(4 * MIB, 0, 80).stream(),
                growing(4 * MIB, 16 * MIB, 21).stream()
                    .map(p -> new HeapAfterGc.Point(p.uptimeMillis() + 8_000, p.bytes())))
            .toList();

    long perSecond = Pressure.of(trend, 133 * MIB).bytesPerSecond();
    assertTrue(perSecond > 10 * MIB, "got " + perSecond);
    assertTrue(perSecond > Pressure.slope(trend, Pressure.WINDOW_MILLIS));
  }

  @Test
  void theReplyIsJsonWithTheTrend() {
    String json = Pressure.of(growing(MIB, MIB, 3), 10 * MIB).json(1234);

    assertTrue(json.startsWith("{\"heapAfterGc\":"), json);
    assertTrue(json.contains("\"readyMillis\":1234"), json);
    assertTrue(json.endsWith("\"trend\":[[1000,1048576],[1100,1153433],[1200,1258291]]}"), json);
  }

  @Test
  void aPressureQueryIsWholeNumbersOnly() {
    assertEquals(5000L, AdminServer.numbers("within=5000&floor=25&wait=20").get("within"));
    assertTrue(AdminServer.numbers(null).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> AdminServer.numbers("wait=-1"));
    assertThrows(IllegalArgumentException.class, () -> AdminServer.numbers("wait=1e9"));
    assertThrows(IllegalArgumentException.class, () -> AdminServer.numbers("wait"));
  }
}
