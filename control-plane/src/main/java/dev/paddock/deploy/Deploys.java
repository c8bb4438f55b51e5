package dev.paddock.deploy;

import dev.paddock.release.Release;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rollouts in PostgreSQL. Accepting one makes it the app's target in the same transaction; at most
 * one is pending per app, so two never interleave.
 */
@Repository
public class Deploys {

  private static final String SELECT =
      "select d.*, r.version from deploys d join releases r on r.id = d.release_id ";

  private final JdbcClient db;

  Deploys(JdbcClient db) {
    this.db = db;
  }

  /** Starts a rollout of the release; 409 while another rollout of the app is pending. */
  @Transactional
  public Deploy accept(long appId, Release release, Deploy.Kind kind, String reason) {
    db.sql("select id from apps where id = ? for update").param(appId).query(Long.class).single();
    pending(appId)
        .ifPresent(
            busy -> {
              throw new ConflictException(
                  "%s #%d of this app is still pending: wait until it is live or failed"
                      .formatted(busy.kind().id(), busy.id()));
            });
    long id = insert(appId, release, kind, reason);
    db.sql("insert into deploy_steps (deploy_id, step, detail, at) values (?, 'uploaded', ?, ?)")
        .params(
            id,
            "release v%d (%d bytes, sha256 %s)"
                .formatted(release.version(), release.size(), release.sha256().substring(0, 12)),
            java.sql.Timestamp.from(release.createdAt()))
        .update();
    db.sql("update apps set target_deploy_id = ?, last_error = null where id = ?")
        .params(id, appId)
        .update();
    return get(appId, id);
  }

  private long insert(long appId, Release release, Deploy.Kind kind, String reason) {
    try {
      return db.sql(
              "insert into deploys (app_id, release_id, kind, status, reason) values (?, ?, ?, 'pending', ?) returning id")
          .params(appId, release.id(), kind.id(), reason)
          .query(Long.class)
          .single();
    } catch (DuplicateKeyException e) {
      throw new ConflictException("Another rollout of this app was accepted a moment ago");
    }
  }

  public Deploy get(long appId, long id) {
    return db.sql(SELECT + "where d.app_id = ? and d.id = ?")
        .params(appId, id)
        .query(this::map)
        .optional()
        .orElseThrow(() -> new NotFoundException("Deploy", id));
  }

  List<Deploy> recent(long appId, int limit) {
    return db.sql(SELECT + "where d.app_id = ? order by d.id desc limit ?")
        .params(appId, limit)
        .query(this::map)
        .list();
  }

  private Optional<Deploy> pending(long appId) {
    return db.sql(SELECT + "where d.app_id = ? and d.status = 'pending'")
        .param(appId)
        .query(this::map)
        .optional();
  }

  private List<Deploy.Step> steps(long deployId) {
    return db.sql("select step, detail, at from deploy_steps where deploy_id = ? order by id")
        .param(deployId)
        .query(
            (rs, row) ->
                new Deploy.Step(
                    rs.getString("step"),
                    rs.getString("detail"),
                    rs.getTimestamp("at").toInstant()))
        .list();
  }

  private Deploy map(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    return new Deploy(
        id,
        rs.getInt("version"),
        Deploy.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
        Deploy.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getString("reason"),
        rs.getString("error"),
        steps(id),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  /**
   * Deletes the finished deploys (and their steps) older than {@code before}, and those of an app
   * beyond its latest {@code perApp}, but never one that an app or a sandbox still refers to, nor
   * an app's latest live deploy of a release (what a rollback to it goes by); returns how many.
   */
  int trim(Instant before, int perApp) {
    return db.sql(
            """
            delete from deploys d
            where d.status <> 'pending'
              and (d.created_at < ? or d.id in (
                select id from (
                  select id, row_number() over (partition by app_id order by id desc) as n
                  from deploys) numbered
                where n > ?))
              and not exists (
                select 1 from apps a where a.live_deploy_id = d.id or a.target_deploy_id = d.id)
              and not exists (select 1 from sandboxes s where s.deploy_id = d.id)
              and d.id not in (
                select max(id) from deploys where status = 'live' group by app_id, release_id)""")
        .params(Timestamp.from(before), perApp)
        .update();
  }
}
