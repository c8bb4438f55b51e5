package dev.paddock.release;

import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Releases in PostgreSQL, numbered 1, 2, 3… per app. */
@Repository
public class Releases {

  private static final TypeReference<Map<String, String>> ENV = new TypeReference<>() {};

  private final JdbcClient db;
  private final JsonMapper json;

  Releases(JdbcClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  /** A new release of the jar, holding {@code classes} classes, with the app's current env. */
  @Transactional
  public Release add(long appId, Release.Kind kind, String sha256, long size, Integer classes) {
    // Serialises concurrent releases of one app so versions never collide.
    db.sql("select id from apps where id = ? for update").param(appId).query(Long.class).single();
    return db.sql(
            """
            insert into releases (app_id, version, kind, sha256, size_bytes, class_count, env,
                                  health_path)
            select a.id, coalesce((select max(version) from releases where app_id = a.id), 0) + 1,
                   ?, ?, ?, ?, a.env, a.health_path
            from apps a where a.id = ?
            returning *""")
        .params(kind.name().toLowerCase(Locale.ROOT), sha256, size, classes, appId)
        .query(this::map)
        .single();
  }

  /**
   * A new release of an existing one's jar with the app's current env: how a change of env or
   * health check becomes a release of its own.
   */
  @Transactional
  public Release derive(long appId, Release base) {
    return add(appId, base.kind(), base.sha256(), base.size(), base.classes());
  }

  /**
   * Marks all but the newest {@code keep} releases of the app as no longer retained, sparing the
   * ones its live and target rollouts run; returns the sha256 of jars no retained release needs.
   */
  @Transactional
  List<String> prune(long appId, int keep) {
    List<String> pruned =
        db.sql(
                """
                update releases set retained = false
                where app_id = ? and retained
                  and version <= (select max(version) from releases where app_id = ?) - ?
                  and id not in (select d.release_id from deploys d join apps a on a.id = d.app_id
                                 where a.id = ? and d.id in (a.live_deploy_id, a.target_deploy_id))
                returning sha256""")
            .params(appId, appId, keep, appId)
            .query(String.class)
            .list();
    return pruned.stream()
        .distinct()
        .filter(
            sha ->
                db.sql("select count(*) from releases where sha256 = ? and retained")
                        .param(sha)
                        .query(Long.class)
                        .single()
                    == 0)
        .toList();
  }

  public Optional<Release> byId(long id) {
    return db.sql("select * from releases where id = ?").param(id).query(this::map).optional();
  }

  /**
   * The given version of the app (404 if there is none), or its newest when {@code version} is null
   * (409 while the app has no release).
   */
  public Release find(long appId, Integer version) {
    var query =
        version == null
            ? db.sql("select * from releases where app_id = ? order by version desc limit 1")
                .param(appId)
            : db.sql("select * from releases where app_id = ? and version = ?")
                .params(appId, version);
    return query
        .query(this::map)
        .optional()
        .orElseThrow(
            () ->
                version == null
                    ? new ConflictException(
                        "The app has no release yet: upload its jar first (POST …/releases with the"
                            + " jar as the request body), then deploy.")
                    : new NotFoundException("Release", version));
  }

  List<Release> list(long appId) {
    return db.sql("select * from releases where app_id = ? order by version desc")
        .param(appId)
        .query(this::map)
        .list();
  }

  private Release map(ResultSet rs, int row) throws SQLException {
    return new Release(
        rs.getLong("id"),
        rs.getLong("app_id"),
        rs.getInt("version"),
        Release.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
        rs.getString("sha256"),
        rs.getLong("size_bytes"),
        rs.getObject("class_count", Integer.class),
        json.readValue(rs.getString("env"), ENV),
        rs.getString("health_path"),
        rs.getBoolean("retained"),
        rs.getTimestamp("created_at").toInstant());
  }
}
