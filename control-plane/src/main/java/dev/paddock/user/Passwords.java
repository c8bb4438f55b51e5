package dev.paddock.user;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing: Argon2id with Spring Security's current defaults (16 MiB of memory, 2 passes,
 * about 50 ms of a core), each hash prefixed with its encoder's id so that a stronger default later
 * re-hashes without a migration. At most {@link #CONCURRENT} hashes run at once: sign-ins come
 * unauthenticated, and each one costs its 16 MiB while it runs.
 */
@Component
class Passwords {

  static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 128;
  static final int CONCURRENT = 4;
  private static final Duration QUEUE = Duration.ofSeconds(2);

  private final Semaphore slots = new Semaphore(CONCURRENT, true);

  private final PasswordEncoder encoder =
      new DelegatingPasswordEncoder(
          "argon2", Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));

  /** A hash of no one's password: checked against when the user does not exist, to take as long. */
  private final String decoy = encoder.encode("no such user, no such password");

  String hash(String password) {
    if (password == null
        || password.codePointCount(0, password.length()) < MIN_LENGTH
        || password.length() > MAX_LENGTH) {
      throw new InvalidPasswordException(
          "A password has %d to %d characters.".formatted(MIN_LENGTH, MAX_LENGTH));
    }
    return bounded(() -> encoder.encode(password));
  }

  /** Whether the password matches the hash; with no hash, spends the same time and says no. */
  boolean matches(String password, String hash) {
    if (password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    boolean matches = bounded(() -> encoder.matches(password, hash == null ? decoy : hash));
    return matches && hash != null;
  }

  private <T> T bounded(Supplier<T> work) {
    try {
      if (!slots.tryAcquire(QUEUE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BusyException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException();
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }

  /** More sign-ins at once than the control plane checks: try again in a second. */
  static class BusyException extends ApiException {
    BusyException() {
      super(
          ProblemType.BUSY, "Too many sign-ins are being checked at once; try again in a second.");
    }

    @Override
    public HttpHeaders headers() {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, "1");
      return headers;
    }
  }

  /** A password that is too short or too long. */
  static class InvalidPasswordException extends ApiException {
    InvalidPasswordException(String detail) {
      super(ProblemType.INVALID_PASSWORD, detail);
    }
  }
}
