package dev.paddock.runner;

import java.util.List;

/**
 * How fast the heap after collection grows and when, at that pace, it is full: the steeper slope
 * (least squares) of the readings of the last {@value #SHORT_WINDOW_MILLIS} and {@value
 * #WINDOW_MILLIS} ms, and the time until the heap after collection reaches {@value #FULL_PERCENT}%
 * of the heap's maximum, where the JVM spends its time collecting and then fails. The short window
 * sees a leak that just began (a replacement's first seconds of traffic, after an idle start that
 * would flatten the long one); the long one a slow leak whose collections are seconds apart.
 *
 * @param heapAfterGc the last reading's bytes; 0 before the first collection
 * @param heapMax the heap's maximum
 * @param bytesPerSecond the growth; 0 with fewer than three readings over a second
 * @param exhaustionMillis the time left at that pace; -1 when the heap does not grow
 * @param trend the kept readings, oldest first
 */
record Pressure(
    long heapAfterGc,
    long heapMax,
    long bytesPerSecond,
    long exhaustionMillis,
    List<HeapAfterGc.Point> trend) {

  static final long WINDOW_MILLIS = 10_000;
  static final long SHORT_WINDOW_MILLIS = 3_000;
  static final int FULL_PERCENT = 95;

  static Pressure of(List<HeapAfterGc.Point> trend, long heapMax) {
    long last = trend.isEmpty() ? 0 : trend.getLast().bytes();
    long slope = Math.max(slope(trend, SHORT_WINDOW_MILLIS), slope(trend, WINDOW_MILLIS));
    long room = heapMax * FULL_PERCENT / 100 - last;
    long left = slope <= 0 ? -1 : Math.max(0, room * 1000 / slope);
    return new Pressure(last, heapMax, slope, left, trend);
  }

  /** Bytes per second over the readings of the last {@code window} ms; 0 when too few or close. */
  static long slope(List<HeapAfterGc.Point> trend, long window) {
    if (trend.isEmpty()) {
      return 0;
    }
    long end = trend.getLast().uptimeMillis();
    List<HeapAfterGc.Point> recent =
        trend.stream().filter(p -> p.uptimeMillis() >= end - window).toList();
    if (recent.size() < 3 || end - recent.getFirst().uptimeMillis() < 1000) {
      return 0;
    }
    double n = recent.size();
    double meanT = recent.stream().mapToDouble(p -> p.uptimeMillis() / 1000.0).sum() / n;
    double meanB = recent.stream().mapToDouble(p -> (double) p.bytes()).sum() / n;
    double covariance = 0;
    double variance = 0;
    for (HeapAfterGc.Point p : recent) {
      double dt = p.uptimeMillis() / 1000.0 - meanT;
      covariance += dt * (p.bytes() - meanB);
      variance += dt * dt;
    }
    return variance == 0 ? 0 : Math.round(covariance / variance);
  }

  /**
   * Whether the heap is past {@code floorPercent} of its maximum and full within {@code millis}.
   */
  boolean within(long millis, int floorPercent) {
    return exhaustionMillis >= 0
        && exhaustionMillis <= millis
        && heapAfterGc * 100 >= heapMax * floorPercent;
  }

  /** As the admin endpoint sends it, with when the app first served. */
  String json(long readyMillis) {
    StringBuilder points = new StringBuilder();
    for (HeapAfterGc.Point p : trend) {
      points.append(points.isEmpty() ? "" : ",");
      points.append('[').append(p.uptimeMillis()).append(',').append(p.bytes()).append(']');
    }
    return "{\"heapAfterGc\":%d,\"heapMax\":%d,\"bytesPerSecond\":%d,\"exhaustionMillis\":%d,\"readyMillis\":%d,\"trend\":[%s]}"
        .formatted(heapAfterGc, heapMax, bytesPerSecond, exhaustionMillis, readyMillis, points);
  }
}
