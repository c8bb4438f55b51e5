package dev.paddock.idle;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Apps' idle settings, and the write that puts an idle app to sleep. */
@Repository
class SleepSettings {

  private final JdbcClient db;

  SleepSettings(JdbcClient db) {
    this.db = db;
  }

  /** An app that may sleep: it serves, has no rollout under way, and is awake. */
  record Sleepy(long tenantId, long appId, Duration sleepAfter) {}

  /** Sets the idle time; {@code null} turns sleeping off and wakes the app if it sleeps. */
  void set(long appId, Duration sleepAfter) {
    db.sql("update apps set sleep_after_seconds = ?, asleep = asleep and ? where id = ?")
        .params(sleepAfter == null ? null : (int) sleepAfter.toSeconds(), sleepAfter != null, appId)
        .update();
  }

  /** The idle time the tenant's new apps start with; null: none. */
  Duration tenantDefault(long tenantId) {
    Integer seconds =
        db.sql("select default_sleep_after_seconds from tenants where id = ?")
            .param(tenantId)
            .query(Integer.class)
            .optional()
            .orElse(null);
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }

  void setTenantDefault(long tenantId, Duration sleepAfter) {
    db.sql("update tenants set default_sleep_after_seconds = ? where id = ?")
        .params(sleepAfter == null ? null : (int) sleepAfter.toSeconds(), tenantId)
        .update();
  }

  List<Sleepy> sleepy() {
    return db.sql(
            """
            select tenant_id, id, sleep_after_seconds from apps
            where sleep_after_seconds is not null and not asleep
              and live_deploy_id = target_deploy_id""")
        .query(
            (rs, row) ->
                new Sleepy(
                    rs.getLong("tenant_id"),
                    rs.getLong("id"),
                    Duration.ofSeconds(rs.getInt("sleep_after_seconds"))))
        .list();
  }

  /** Marks the app asleep if it still may sleep; whether it did. */
  boolean sleep(long appId) {
    return db.sql(
                """
                update apps set asleep = true
                where id = ? and not asleep and sleep_after_seconds is not null
                  and live_deploy_id = target_deploy_id""")
            .param(appId)
            .update()
        == 1;
  }
}
