package dev.paddock.auth;

import dev.paddock.web.ApiException;
import dev.paddock.web.ConflictException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tenant API tokens: random, shown once, stored as SHA-256 (they carry 256 bits of entropy, so a
 * slow password hash would add latency to every request and no safety).
 */
@Component
public class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient db;
  private final Clock clock;

  Tokens(JdbcClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A token as handed to its holder, once. */
  public record Minted(String token, Instant expiresAt) {}

  public Minted mint(long tenantId, String name, Role role, Duration expiresIn) {
    if (role == Role.ADMIN) {
      throw new InvalidTokenRequestException("A tenant token cannot have the admin role.");
    }
    if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
      throw new InvalidTokenRequestException("expiresIn must be a positive duration.");
    }
    String token = generate();
    Instant expiresAt = expiresIn == null ? null : clock.instant().plus(expiresIn);
    try {
      db.sql("insert into tokens (tenant_id, name, role, hash, expires_at) values (?, ?, ?, ?, ?)")
          .params(
              tenantId,
              name,
              role.id(),
              hash(token),
              expiresAt == null ? null : Timestamp.from(expiresAt))
          .update();
    } catch (DuplicateKeyException e) {
      throw new ConflictException("A token named '%s' already exists".formatted(name));
    }
    return new Minted(token, expiresAt);
  }

  Optional<Caller> authenticate(String token) {
    return db.sql(
            "select role, tenant_id from tokens where hash = ? and (expires_at is null or expires_at > ?)")
        .params(hash(token), Timestamp.from(clock.instant()))
        .query((rs, row) -> new Caller(Role.parse(rs.getString("role")), rs.getLong("tenant_id")))
        .optional();
  }

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "pdk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token request that cannot be honoured as asked. */
  static class InvalidTokenRequestException extends ApiException {
    InvalidTokenRequestException(String detail) {
      super(HttpStatus.BAD_REQUEST, "invalid-token-request", "Invalid token request", detail);
    }
  }
}
