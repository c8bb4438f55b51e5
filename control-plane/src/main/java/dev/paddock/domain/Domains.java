package dev.paddock.domain;

import dev.paddock.naming.HostName;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Apps' own host names in PostgreSQL, each with the proof of control it still needs. A name routes
 * for one app at most: the first whose proof succeeds; until then several apps may claim it, so a
 * name cannot be held hostage by a claim that is never proven.
 */
@Repository
class Domains {

  private static final SecureRandom RANDOM = new SecureRandom();

  static final String TAKEN =
      "another app proved control of this name first: it routes there until that app removes it";

  private final JdbcClient db;

  Domains(JdbcClient db) {
    this.db = db;
  }

  /**
   * One app's claim to a name.
   *
   * @param token what proves control: the TXT record's value, and the HTTP token's name and body
   * @param verifiedAt when control was proven; null while it is not
   * @param attempts the checks that failed since the last one asked for
   * @param lastError why the last check failed
   * @param nextCheck when the next check is due; null when none is, until one is asked for
   */
  record Claim(
      String host,
      long appId,
      String token,
      Instant verifiedAt,
      int attempts,
      String lastError,
      Instant checkedAt,
      Instant nextCheck) {

    boolean verified() {
      return verifiedAt != null;
    }
  }

  List<String> of(long appId) {
    return db.sql("select host from domains where app_id = ? order by host")
        .param(appId)
        .query(String.class)
        .list();
  }

  List<Claim> claims(long appId) {
    return db.sql("select * from domains where app_id = ? order by host")
        .param(appId)
        .query(Domains::claim)
        .list();
  }

  Optional<Claim> claim(long appId, String host) {
    return db.sql("select * from domains where app_id = ? and host = ?")
        .params(appId, host)
        .query(Domains::claim)
        .optional();
  }

  /**
   * Claims the host name for the app, to be proven; again for the same app changes nothing. A name
   * another app has proven is a conflict.
   */
  void add(long appId, HostName host, Instant now) {
    boolean taken =
        db.sql(
                    "select count(*) from domains where host = ? and app_id <> ? and verified_at is not null")
                .params(host.value(), appId)
                .query(Long.class)
                .single()
            > 0;
    if (taken) {
      throw new ConflictException("Domain '%s' is already used by another app".formatted(host));
    }
    db.sql(
            """
            insert into domains (host, app_id, token, next_check_at) values (?, ?, ?, ?)
            on conflict (host, app_id) do nothing""")
        .params(host.value(), appId, HexFormat.of().formatHex(token()), Timestamp.from(now))
        .update();
  }

  /** Whether another app has proven control of the name. */
  boolean takenFrom(long appId, String host) {
    return db.sql(
                "select count(*) from domains where host = ? and app_id <> ? and verified_at is not null")
            .params(host, appId)
            .query(Long.class)
            .single()
        > 0;
  }

  void remove(long appId, HostName host) {
    if (db.sql("delete from domains where host = ? and app_id = ?")
            .params(host.value(), appId)
            .update()
        == 0) {
      throw new NotFoundException("Domain", host);
    }
    // Its certificate's last failure goes with the name, unless another app routes it: whoever
    // claims the name next starts with a clean state, not this app's CA error.
    db.sql(
            """
            delete from certificate_failures where host = ? and not exists
              (select 1 from domains where host = ? and verified_at is not null)""")
        .params(host.value(), host.value())
        .update();
  }

  /** Unproven claims whose check is due, oldest first. */
  List<Claim> due(Instant now, int limit) {
    return db.sql(
            """
            select * from domains where verified_at is null and next_check_at <= ?
            order by next_check_at limit ?""")
        .params(Timestamp.from(now), limit)
        .query(Domains::claim)
        .list();
  }

  /** The tokens of every unproven claim: what the edge serves over HTTP. */
  List<String> unprovenTokens() {
    return db.sql("select token from domains where verified_at is null and token is not null")
        .query(String.class)
        .list();
  }

  /** Records the proof; false when another app proved the name first. */
  boolean proven(Claim claim, Instant now) {
    try {
      return db.sql(
                  """
                  update domains set verified_at = ?, checked_at = ?, last_error = null,
                                     next_check_at = null
                  where host = ? and app_id = ? and verified_at is null""")
              .params(Timestamp.from(now), Timestamp.from(now), claim.host(), claim.appId())
              .update()
          == 1;
    } catch (DuplicateKeyException e) {
      failed(claim, TAKEN, now, null, 1);
      return false;
    }
  }

  /**
   * Records a failed check: {@code attempts} is the count after it (1 when asked for on demand),
   * and {@code next} when to check again, null for not on its own.
   */
  void failed(Claim claim, String error, Instant now, Instant next, int attempts) {
    db.sql(
            """
            update domains set attempts = ?, last_error = ?, checked_at = ?, next_check_at = ?::timestamptz
            where host = ? and app_id = ? and verified_at is null""")
        .params(
            attempts,
            error.length() > 500 ? error.substring(0, 500) : error,
            Timestamp.from(now),
            next == null ? null : Timestamp.from(next),
            claim.host(),
            claim.appId())
        .update();
  }

  private static byte[] token() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static Claim claim(ResultSet rs, int row) throws SQLException {
    return new Claim(
        rs.getString("host"),
        rs.getLong("app_id"),
        rs.getString("token"),
        instant(rs.getTimestamp("verified_at")),
        rs.getInt("attempts"),
        rs.getString("last_error"),
        instant(rs.getTimestamp("checked_at")),
        instant(rs.getTimestamp("next_check_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
