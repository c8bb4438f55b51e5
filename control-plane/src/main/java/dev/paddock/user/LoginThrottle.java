package dev.paddock.user;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Bounds sign-ins that fail: per user name from one client address (a guessed password), per user
 * name from everywhere (guessing spread over many addresses, at a bound high enough that nobody can
 * lock a user out of their own address for long by failing in their name), and per address (many
 * names tried from one place). Each attempt counts as a failure as it starts, so parallel attempts
 * cannot slip past the bound before the first one fails; a success takes its attempt back. Past a
 * bound, sign-ins are refused until the oldest failure leaves the window. Kept in memory: each
 * control-plane replica counts its own.
 */
@Component
class LoginThrottle {

  static final int PER_NAME_AND_ADDRESS = 5;
  static final int PER_NAME = 100;
  static final int PER_ADDRESS = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Map<String, Deque<Instant>> failures = new HashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Counts an attempt, or refuses it with 429 when the name or the address failed too often lately.
   */
  synchronized void attempt(String name, String address) {
    Instant now = clock.instant();
    Duration wait =
        Stream.of(
                wait(pair(name, address), PER_NAME_AND_ADDRESS, now),
                wait("name:" + name, PER_NAME, now),
                wait("address:" + address, PER_ADDRESS, now))
            .max(Duration::compareTo)
            .orElseThrow();
    if (!wait.isZero()) {
      throw new TooManySignInsException(wait);
    }
    if (failures.size() > 10_000) {
      failures.values().removeIf(times -> times.peekLast().plus(WINDOW).isBefore(now));
    }
    for (String key : List.of(pair(name, address), "name:" + name, "address:" + address)) {
      failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
    }
  }

  /** The attempt succeeded: the name's failures are forgotten, the address's attempt taken back. */
  synchronized void succeeded(String name, String address) {
    failures.remove(pair(name, address));
    failures.remove("name:" + name);
    Deque<Instant> byAddress = failures.get("address:" + address);
    if (byAddress != null) {
      byAddress.pollLast();
    }
  }

  private static String pair(String name, String address) {
    return "name:" + name + "@" + address;
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
          ProblemType.TOO_MANY_SIGN_INS,
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
