package dev.paddock.auth;

import dev.paddock.web.ApiException;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import dev.paddock.web.ProblemType;
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
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
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

  /** The caller a live token stands for; notes its use, at most once a minute per token. */
  Optional<Caller> authenticate(String token) {
    Timestamp now = Timestamp.from(clock.instant());
    record Found(long id, Caller caller, Timestamp lastUsed) {}
    Optional<Found> found =
        db.sql(
                """
                select k.id, k.role, t.name as tenant, k.name, k.last_used_at
                from tokens k join tenants t on t.id = k.tenant_id
                where k.hash = ? and k.revoked_at is null
                  and (k.expires_at is null or k.expires_at > ?)""")
            .params(hash(token), now)
            .query(
                (rs, row) ->
                    new Found(
                        rs.getLong("id"),
                        Caller.token(
                            rs.getString("name"),
                            rs.getString("tenant"),
                            Role.parse(rs.getString("role"))),
                        rs.getTimestamp("last_used_at")))
            .optional();
    found
        .filter(
            f ->
                f.lastUsed() == null
                    || f.lastUsed().toInstant().isBefore(now.toInstant().minusSeconds(60)))
        .ifPresent(
            f ->
                db.sql("update tokens set last_used_at = ? where id = ?")
                    .params(now, f.id())
                    .update());
    return found.map(Found::caller);
  }

  /** A token as listed: never the token itself. */
  public record Listed(
      String name,
      String role,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  public List<Listed> list(long tenantId) {
    return db.sql("select * from tokens where tenant_id = ? order by created_at, id")
        .param(tenantId)
        .query(
            (rs, row) ->
                new Listed(
                    rs.getString("name"),
                    rs.getString("role"),
                    rs.getTimestamp("created_at").toInstant(),
                    instant(rs.getTimestamp("expires_at")),
                    instant(rs.getTimestamp("last_used_at")),
                    instant(rs.getTimestamp("revoked_at"))))
        .list();
  }

  /** Revokes the tenant's token of that name at once; revoking it again changes nothing. */
  public void revoke(long tenantId, String name) {
    int found =
        db.sql(
                "update tokens set revoked_at = coalesce(revoked_at, ?) where tenant_id = ? and name = ?")
            .params(Timestamp.from(clock.instant()), tenantId, name)
            .update();
    if (found == 0) {
      throw new NotFoundException("Token", name);
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
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
      super(ProblemType.INVALID_TOKEN_REQUEST, detail);
    }
  }
}
