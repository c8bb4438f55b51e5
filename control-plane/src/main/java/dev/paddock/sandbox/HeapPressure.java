package dev.paddock.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * What a sandbox's JVM says of its heap after collection: how fast it grows and when, at that pace,
 * it is full. Read from the tenant's JVM, so only shown and compared, never trusted further.
 *
 * @param heapAfterGc bytes on the heap after the last collection
 * @param heapMax the heap's maximum
 * @param bytesPerSecond how fast the heap after collection grew over the last seconds
 * @param exhaustion the time left at that pace, or null when it does not grow
 * @param ready how long the JVM took to serve, from its start; null when unknown
 * @param trend the recent readings, oldest first, at most {@link #TREND_POINTS}
 */
public record HeapPressure(
    long heapAfterGc,
    long heapMax,
    long bytesPerSecond,
    Duration exhaustion,
    Duration ready,
    List<Point> trend) {

  /** The most readings kept of what a runner sends. */
  public static final int TREND_POINTS = 64;

  public HeapPressure {
    trend = List.copyOf(trend);
  }

  /** A reading: the JVM's uptime in milliseconds, and the heap after that collection in bytes. */
  public record Point(long uptimeMillis, long bytes) {}
}
