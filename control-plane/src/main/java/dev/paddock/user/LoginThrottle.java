package dev.paddock.user;

import dev.paddock.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Bounds failed sign-ins, per user name (a guessed password) and per client address (many names
 * tried from one place): past the bound, sign-ins are refused until the oldest failure leaves the
 * window. Kept in memory: each control-plane replica counts its own. Sign-ins are rare and slow
 * (Argon2), so one lock is plenty.
 */
@Component
class LoginThrottle {

  static final int PER_NAME = 5;
  static final int PER_ADDRESS = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Map<String, Deque<Instant>> failures = new HashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Refuses with 429 when the name or the address failed too often lately. */
  synchronized void check(String name, String address) {
    Instant now = clock.instant();
    Duration byName = wait("name:" + name, PER_NAME, now);
    Duration byAddress = wait("address:" + address, PER_ADDRESS, now);
    Duration wait = byName.compareTo(byAddress) >= 0 ? byName : byAddress;
    if (!wait.isZero()) {
      throw new TooManySignInsException(wait);
    }
  }

  synchronized void failed(String name, String address) {
    Instant now = clock.instant();
    if (failures.size() > 10_000) {
      failures.values().removeIf(times -> times.peekLast().plus(WINDOW).isBefore(now));
    }
    failures.computeIfAbsent("name:" + name, k -> new ArrayDeque<>()).addLast(now);
    failures.computeIfAbsent("address:" + address, k -> new ArrayDeque<>()).addLast(now);
  }

  synchronized void succeeded(String name) {
    failures.remove("name:" + name);
  }

  /** How long until the key may try again: zero when it may now. */
  private Duration wait(String key, int bound, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    times.removeIf(t -> t.plus(WINDOW).isBefore(now));
    if (times.isEmpty()) {
      failures.remove(key);
    }
    return times.size() < bound
        ? Duration.ZERO
        : Duration.between(now, times.peekFirst().plus(WINDOW));
  }

  /** Too many failed sign-ins: try again after the {@code Retry-After} header's seconds. */
  static class TooManySignInsException extends ApiException {

    private final Duration retryAfter;

    TooManySignInsException(Duration retryAfter) {
      super(
          HttpStatus.TOO_MANY_REQUESTS,
          "too-many-sign-ins",
          "Too many sign-ins",
          "Too many failed sign-ins; try again in %d seconds."
              .formatted(Math.max(1, retryAfter.toSeconds())));
      this.retryAfter = retryAfter;
    }

    @Override
    public HttpHeaders headers() {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
      return headers;
    }
  }
}
