package dev.paddock.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What happened to a tenant's apps, in order: deploys, sandboxes started and removed, failures. */
@Repository
public class Events {

  private final JdbcClient db;

  Events(JdbcClient db) {
    this.db = db;
  }

  /** One event. */
  public record Event(long id, String type, String message, Instant at) {}

  public void record(long tenantId, Long appId, String type, String message) {
    db.sql("insert into events (tenant_id, app_id, type, message) values (?, ?, ?, ?)")
        .params(tenantId, appId, type, message)
        .update();
  }

  public List<Event> forApp(long appId, int limit) {
    return db.sql("select * from events where app_id = ? order by id desc limit ?")
        .params(appId, limit)
        .query(
            (rs, row) ->
                new Event(
                    rs.getLong("id"),
                    rs.getString("type"),
                    rs.getString("message"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  /**
   * Deletes the events older than {@code before}, and those of an app beyond its latest {@code
   * perApp}; returns how many.
   */
  int trim(Instant before, int perApp) {
    int old =
        db.sql("delete from events where created_at < ?").param(Timestamp.from(before)).update();
    int beyond =
        db.sql(
                """
                delete from events where id in (
                  select id from (
                    select id, row_number() over (partition by app_id order by id desc) as n
                    from events where app_id is not null) numbered
                  where n > ?)""")
            .param(perApp)
            .update();
    return old + beyond;
  }
}
