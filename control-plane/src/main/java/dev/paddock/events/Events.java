package dev.paddock.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What happened to a tenant's apps, in order: deploys, sandboxes started and removed, failures. */
@Repository
public class Events {

  private final JdbcClient db;
  private final JsonMapper json;

  Events(JdbcClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  /**
   * One event.
   *
   * @param details what it carries beyond its message (a leak recycle's evidence), or null
   */
  public record Event(long id, String type, String message, Instant at, JsonNode details) {}

  /** Records an event and returns its id. */
  public long record(long tenantId, Long appId, String type, String message) {
    return db.sql(
            "insert into events (tenant_id, app_id, type, message) values (?, ?, ?, ?) returning id")
        .params(tenantId, appId, type, message)
        .query(Long.class)
        .single();
  }

  /**
   * Attaches {@code details} (any value Jackson writes as an object) to an event recorded before.
   */
  public void attach(long eventId, Object details) {
    db.sql("update events set details = ?::jsonb where id = ?")
        .params(json.writeValueAsString(details), eventId)
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
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getString("details") == null
                        ? null
                        : json.readTree(rs.getString("details"))))
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
