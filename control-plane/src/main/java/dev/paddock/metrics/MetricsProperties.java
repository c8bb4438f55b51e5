package dev.paddock.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sandbox metrics ({@code paddock.metrics.*}).
 *
 * @param interval how often every running sandbox is sampled
 * @param window how long samples are kept
 * @param readingTimeout how long a pass waits for one sandbox's reading: a sandbox that takes
 *     longer has none this time, and the others' readings go on without it
 * @param readingsPerSecond how many readings start a second at most: beyond {@code interval ×
 *     readingsPerSecond} running sandboxes each is read less often than every interval, so that
 *     sampling takes no more of the host as sandboxes are added
 */
@ConfigurationProperties("paddock.metrics")
public record MetricsProperties(
    @DefaultValue("5s") Duration interval,
    @DefaultValue("1h") Duration window,
    @DefaultValue("5s") Duration readingTimeout,
    @DefaultValue("20") int readingsPerSecond) {

  public MetricsProperties {
    if (readingsPerSecond < 1) {
      throw new IllegalArgumentException(
          "paddock.metrics.readings-per-second must be at least 1, not " + readingsPerSecond);
    }
  }

  /** How often each of that many running sandboxes is read. */
  Duration every(int running) {
    return max(interval, Duration.ofSeconds(running).dividedBy(readingsPerSecond));
  }

  /**
   * How far apart the readings of a pass over that many running sandboxes start: spread over the
   * first half of the interval, and no more than {@code readingsPerSecond} a second.
   */
  Duration apart(int running) {
    return max(
        interval.dividedBy(2L * Math.max(1, running)),
        Duration.ofSeconds(1).dividedBy(readingsPerSecond));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
