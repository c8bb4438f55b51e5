package dev.paddock.release;

import dev.paddock.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Releases in PostgreSQL, numbered 1, 2, 3… per app. */
@Repository
public class Releases {

  private final JdbcClient db;

  Releases(JdbcClient db) {
    this.db = db;
  }

  @Transactional
  Release add(long appId, Release.Kind kind, String sha256, long size) {
    // Serialises concurrent uploads to one app so versions never collide.
    db.sql("select id from apps where id = ? for update").param(appId).query(Long.class).single();
    return db.sql(
            """
            insert into releases (app_id, version, kind, sha256, size_bytes)
            values (?, coalesce((select max(version) from releases where app_id = ?), 0) + 1, ?, ?, ?)
            returning *""")
        .params(appId, appId, kind.name().toLowerCase(Locale.ROOT), sha256, size)
        .query(Releases::map)
        .single();
  }

  public Optional<Release> byId(long id) {
    return db.sql("select * from releases where id = ?").param(id).query(Releases::map).optional();
  }

  /** The given version of the app, or its newest when {@code version} is null; 404 if none. */
  public Release find(long appId, Integer version) {
    var query =
        version == null
            ? db.sql("select * from releases where app_id = ? order by version desc limit 1")
                .param(appId)
            : db.sql("select * from releases where app_id = ? and version = ?")
                .params(appId, version);
    return query
        .query(Releases::map)
        .optional()
        .orElseThrow(() -> new NotFoundException("Release", version == null ? "latest" : version));
  }

  List<Release> list(long appId) {
    return db.sql("select * from releases where app_id = ? order by version desc")
        .param(appId)
        .query(Releases::map)
        .list();
  }

  private static Release map(ResultSet rs, int row) throws SQLException {
    return new Release(
        rs.getLong("id"),
        rs.getLong("app_id"),
        rs.getInt("version"),
        Release.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
        rs.getString("sha256"),
        rs.getLong("size_bytes"),
        rs.getTimestamp("created_at").toInstant());
  }
}
