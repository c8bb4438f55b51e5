package dev.paddock.recycle;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * When an instance is replaced, with no request lost, before a leak takes it to an OOM kill. Every
 * rule is optional; a policy without any rule recycles nothing.
 *
 * @param heapAfterGcPercent recycle when the heap after collection stays at or above this share of
 *     the heap's maximum for {@code sustainedFor}
 * @param memoryPercent recycle when the container's memory stays at or above this share of its
 *     limit for {@code sustainedFor}
 * @param maxUptime recycle an instance this old (ISO-8601, e.g. {@code PT24H})
 * @param maxRequests recycle an instance that served this many requests
 * @param sustainedFor how long a reading must stay high before it counts (default {@code PT30S})
 */
public record RecyclePolicy(
    Integer heapAfterGcPercent,
    Integer memoryPercent,
    String maxUptime,
    Long maxRequests,
    String sustainedFor) {

  private static final Duration DEFAULT_SUSTAINED = Duration.ofSeconds(30);

  /** Returns this policy, or throws a clear error for the first rule that cannot apply. */
  RecyclePolicy checked() {
    percent("heapAfterGcPercent", heapAfterGcPercent);
    percent("memoryPercent", memoryPercent);
    duration("maxUptime", maxUptime, Duration.ofSeconds(10), Duration.ofDays(365));
    duration("sustainedFor", sustainedFor, Duration.ofSeconds(1), Duration.ofHours(1));
    if (maxRequests != null && maxRequests < 1) {
      throw new InvalidPolicyException("maxRequests must be at least 1, got " + maxRequests);
    }
    return this;
  }

  boolean isEmpty() {
    return heapAfterGcPercent == null
        && memoryPercent == null
        && maxUptime == null
        && maxRequests == null;
  }

  Duration uptimeLimit() {
    return maxUptime == null ? null : Duration.parse(maxUptime);
  }

  Duration window() {
    return sustainedFor == null ? DEFAULT_SUSTAINED : Duration.parse(sustainedFor);
  }

  private static void percent(String name, Integer value) {
    if (value != null && (value < 1 || value > 100)) {
      throw new InvalidPolicyException(
          "%s must be between 1 and 100, got %d".formatted(name, value));
    }
  }

  private static void duration(String name, String value, Duration min, Duration max) {
    if (value == null) {
      return;
    }
    Duration parsed;
    try {
      parsed = Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidPolicyException(
          "%s must be an ISO-8601 duration such as PT24H, got '%s'".formatted(name, value));
    }
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw new InvalidPolicyException(
          "%s must be between %s and %s, got %s".formatted(name, min, max, value));
    }
  }

  /** A policy that cannot be applied as asked. */
  static class InvalidPolicyException extends ApiException {
    InvalidPolicyException(String detail) {
      super(ProblemType.INVALID_RECYCLE_POLICY, detail);
    }
  }
}
