package dev.paddock.deploy;

import dev.paddock.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Deploys in PostgreSQL. Accepting one sets the app's target release in the same transaction. */
@Repository
public class Deploys {

  private static final String SELECT =
      "select d.*, r.version from deploys d join releases r on r.id = d.release_id ";

  private final JdbcClient db;

  Deploys(JdbcClient db) {
    this.db = db;
  }

  @Transactional
  Deploy accept(long appId, long releaseId) {
    db.sql("select id from apps where id = ? for update").param(appId).query(Long.class).single();
    db.sql(
            "update deploys set status = 'superseded', updated_at = now() where app_id = ? and status = 'pending'")
        .param(appId)
        .update();
    long id =
        db.sql(
                "insert into deploys (app_id, release_id, status) values (?, ?, 'pending') returning id")
            .params(appId, releaseId)
            .query(Long.class)
            .single();
    db.sql("update apps set target_release_id = ?, last_error = null where id = ?")
        .params(releaseId, appId)
        .update();
    return get(appId, id);
  }

  Deploy get(long appId, long id) {
    return db.sql(SELECT + "where d.app_id = ? and d.id = ?")
        .params(appId, id)
        .query(Deploys::map)
        .optional()
        .orElseThrow(() -> new NotFoundException("Deploy", id));
  }

  private static Deploy map(ResultSet rs, int row) throws SQLException {
    return new Deploy(
        rs.getLong("id"),
        rs.getLong("app_id"),
        rs.getInt("version"),
        Deploy.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getString("error"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
