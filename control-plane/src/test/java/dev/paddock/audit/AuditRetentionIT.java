package dev.paddock.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.InProcessPaddock;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit log keeps 90 days unless told otherwise, and no more. */
class AuditRetentionIT extends InProcessPaddock {

  @Autowired AuditRetention retention;
  @Autowired JdbcClient db;

  @Test
  void entriesOlderThanTheWindowAreTrimmedAndNewerOnesKept() {
    Instant now = Instant.now();
    String marker = "/retention-" + now.toEpochMilli();
    for (int days : new int[] {120, 91, 89, 0}) {
      db.sql(
              "insert into audit_log (at, actor, role, method, path, status, remote) values (?, 'test', 'admin', 'POST', ?, 200, '127.0.0.1')")
          .params(Timestamp.from(now.minus(days, ChronoUnit.DAYS)), marker + "/" + days)
          .update();
    }

    assertThat(retention.trim()).isGreaterThanOrEqualTo(2);

    assertThat(
            db.sql("select path from audit_log where path like ? order by at")
                .param(marker + "/%")
                .query(String.class)
                .list())
        .containsExactly(marker + "/89", marker + "/0");
  }
}
