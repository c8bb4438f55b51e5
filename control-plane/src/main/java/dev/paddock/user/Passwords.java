package dev.paddock.user;

import dev.paddock.web.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing: Argon2id with Spring Security's current defaults (16 MiB, 2 passes), each hash
 * prefixed with its encoder's id so that a stronger default later re-hashes without a migration.
 */
@Component
class Passwords {

  static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 128;

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
    return encoder.encode(password);
  }

  /** Whether the password matches the hash; with no hash, spends the same time and says no. */
  boolean matches(String password, String hash) {
    if (password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    boolean matches = encoder.matches(password, hash == null ? decoy : hash);
    return matches && hash != null;
  }

  /** A password that is too short or too long. */
  static class InvalidPasswordException extends ApiException {
    InvalidPasswordException(String detail) {
      super(HttpStatus.BAD_REQUEST, "invalid-password", "Invalid password", detail);
    }
  }
}
