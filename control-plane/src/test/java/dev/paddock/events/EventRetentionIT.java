package dev.paddock.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.leader.Leadership;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Events are kept 30 days and 1,000 per app (here 3). */
class EventRetentionIT extends InProcessPaddock {

  @Autowired Events events;
  @Autowired Clock clock;
  @Autowired Leadership leadership;
  @Autowired JdbcClient db;

  @Test
  void eventsOlderThanTheWindowOrBeyondTheNumberPerAppAreTrimmed() {
    var acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("events"));
    acme.createApp("web");
    try {
      long app =
          db.sql(
                  "select a.id from apps a join tenants t on t.id = a.tenant_id"
                      + " where a.name = 'web' and t.name = ?")
              .param(acme.tenant())
              .query(Long.class)
              .single();
      Instant now = Instant.now();
      for (int days : new int[] {31, 5, 4, 3, 2, 1}) {
        db.sql(
                """
                insert into events (tenant_id, app_id, type, message, created_at)
                select tenant_id, id, 'test', ?, ? from apps where id = ?""")
            .params("day-" + days, Timestamp.from(now.minus(days, ChronoUnit.DAYS)), app)
            .update();
      }

      assertThat(retention().trim()).isGreaterThanOrEqualTo(3);

      assertThat(
              db.sql("select message from events where app_id = ? and type = 'test' order by id")
                  .param(app)
                  .query(String.class)
                  .list())
          .containsExactly("day-3", "day-2", "day-1");
    } finally {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  /** The retention job as configured, but keeping only 3 per app, on the shared context's beans. */
  private EventRetention retention() {
    return new EventRetention(
        events,
        new EventProperties(Duration.ofDays(30), 3, Duration.ofMinutes(10)),
        clock,
        leadership);
  }
}
