package dev.paddock.routing.httpd;

import java.time.Duration;
import java.time.Instant;

/**
 * How long to wait before restarting an httpd that keeps dying: nothing the first time, then a
 * delay that doubles from {@code first} up to {@code max}; back to nothing once httpd has served
 * for {@code quiet}. Not thread-safe: the supervisor's thread alone uses it.
 */
final class Backoff {

  private final Duration first;
  private final Duration max;
  private final Duration quiet;
  private int restarts;
  private Instant servingSince;

  Backoff(Duration first, Duration max, Duration quiet) {
    this.first = first;
    this.max = max;
    this.quiet = quiet;
  }

  /** httpd serves at {@code now}: after a quiet while, the restarts before are forgotten. */
  void serving(Instant now) {
    if (servingSince == null) {
      servingSince = now;
    } else if (!now.isBefore(servingSince.plus(quiet))) {
      restarts = 0;
    }
  }

  /** A restart happens now: returns how long to wait after it before the next one. */
  Duration restarted() {
    servingSince = null;
    restarts++;
    return delay();
  }

  /** The wait before the next restart, given the restarts since httpd last served a quiet while. */
  Duration delay() {
    if (restarts == 0) {
      return Duration.ZERO;
    }
    int doublings = Math.min(restarts - 1, 30);
    Duration delay = first.multipliedBy(1L << doublings);
    return delay.compareTo(max) > 0 ? max : delay;
  }

  int restarts() {
    return restarts;
  }
}
