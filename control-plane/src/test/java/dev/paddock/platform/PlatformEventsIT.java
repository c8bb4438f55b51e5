package dev.paddock.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.InProcessPaddock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two replicas over one database: each sees the database and Docker go and come back, and each has
 * an edge of its own.
 */
class PlatformEventsIT extends InProcessPaddock {

  @Autowired JdbcClient db;
  @Autowired TransactionTemplate transactions;

  @Test
  void aSharedPartsChangeSeenByTwoReplicasIsOneEventAndEachReplicasEdgeIsItsOwn() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    var first = new PlatformEvents(db, transactions, "1@first-" + run);
    var second = new PlatformEvents(db, transactions, "2@second-" + run);
    // Far in the past, so no event of the shared context's own watch falls in the same window.
    Instant lost = Instant.parse("2001-02-03T04:05:06Z");

    first.record(lost, "database.lost", "The database is lost (first).");
    second.record(lost.plusSeconds(2), "database.lost", "The database is lost (second).");
    first.record(lost.plusSeconds(1), "edge.lost", "The edge is lost (first).");
    second.record(lost.plusSeconds(1), "edge.lost", "The edge is lost (second).");
    // Written in the other order than seen: the one written first stands.
    second.flush();
    first.flush();
    // A later outage is an event of its own.
    first.record(lost.plus(1, ChronoUnit.HOURS), "database.lost", "Again.");
    first.flush();

    assertThat(rows(lost))
        .containsExactly(
            "edge.lost 1@first-" + run,
            "edge.lost 2@second-" + run,
            "database.lost 2@second-" + run,
            "database.lost 1@first-" + run);
    assertThat(first.latest(500, true))
        .filteredOn(e -> e.at().equals(lost.plusSeconds(1)))
        .extracting(PlatformEvent::replica)
        .containsExactlyInAnyOrder("1@first-" + run, "2@second-" + run);
  }

  private List<String> rows(Instant from) {
    return db.sql(
            """
            select type || ' ' || replica from platform_events
            where created_at between ? and ? order by created_at, replica""")
        .params(
            java.sql.Timestamp.from(from.minusSeconds(60)),
            java.sql.Timestamp.from(from.plus(2, ChronoUnit.HOURS)))
        .query(String.class)
        .list();
  }
}
