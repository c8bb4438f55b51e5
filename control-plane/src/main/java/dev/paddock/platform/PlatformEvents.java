package dev.paddock.platform;

import dev.paddock.leader.Leadership;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform's own events, the admin's alone: kept in {@code platform_events}, which has no
 * tenant, and in memory until they can be written there, since some happen while the database is
 * away. Each names the replica that saw it. A change of a shared part (the database, Docker) that
 * several replicas see is written once: by the first whose event reaches the table, the others'
 * within {@link #SAME_CHANGE} of it being dropped. Thread-safe; {@link #record} never waits for the
 * database.
 */
@Repository
class PlatformEvents {

  private static final int MAX_UNWRITTEN = 1000;

  /** How far apart two replicas may see the same change of a shared part. */
  static final Duration SAME_CHANGE = Duration.ofSeconds(15);

  private final JdbcClient db;
  private final TransactionTemplate transactions;
  private final String replica;
  private final ConcurrentLinkedDeque<PlatformEvent> unwritten = new ConcurrentLinkedDeque<>();

  @Autowired
  PlatformEvents(JdbcClient db, TransactionTemplate transactions, Leadership leadership) {
    this(db, transactions, leadership.replica());
  }

  PlatformEvents(JdbcClient db, TransactionTemplate transactions, String replica) {
    this.db = db;
    this.transactions = transactions;
    this.replica = replica;
  }

  /** Keeps the event, seen by this replica, until {@link #flush} writes it. */
  void record(Instant at, String type, String message) {
    record(new PlatformEvent(at, type, message, replica));
  }

  /** Keeps the event until {@link #flush} writes it; the oldest go first past a thousand. */
  void record(PlatformEvent event) {
    unwritten.addLast(event);
    while (unwritten.size() > MAX_UNWRITTEN) {
      unwritten.pollFirst();
    }
  }

  /**
   * Writes the unwritten events, oldest first, each with the time it happened; stops at the first
   * the database refuses and keeps it and the rest for the next call. Called from one thread.
   */
  void flush() {
    for (PlatformEvent event = unwritten.peekFirst();
        event != null;
        event = unwritten.peekFirst()) {
      try {
        write(event);
      } catch (DataAccessException e) {
        return;
      }
      unwritten.pollFirst();
    }
  }

  /**
   * One event, unless it is a shared part's change another replica has written already. The lock
   * makes two replicas' writes of the same change take turns, so the second sees the first.
   */
  private void write(PlatformEvent event) {
    transactions.executeWithoutResult(
        status -> {
          db.sql("select pg_advisory_xact_lock(hashtext('paddock.platform_events'))")
              .query()
              .singleRow();
          if (event.shared() && seenByAnother(event)) {
            return;
          }
          db.sql(
                  "insert into platform_events (type, message, created_at, replica)"
                      + " values (?, ?, ?, ?)")
              .params(event.type(), event.message(), Timestamp.from(event.at()), event.replica())
              .update();
        });
  }

  private boolean seenByAnother(PlatformEvent event) {
    return db.sql(
                """
                select count(*) from platform_events
                where type = ? and replica is distinct from ? and created_at between ? and ?""")
            .params(
                event.type(),
                event.replica(),
                Timestamp.from(event.at().minus(SAME_CHANGE)),
                Timestamp.from(event.at().plus(SAME_CHANGE)))
            .query(Long.class)
            .single()
        > 0;
  }

  /** The newest first: those not written yet, then up to {@code limit} from the database. */
  List<PlatformEvent> latest(int limit, boolean fromDatabase) {
    List<PlatformEvent> all = new ArrayList<>(unwritten);
    if (fromDatabase) {
      all.addAll(
          db.sql(
                  """
                  select type, message, created_at, replica from platform_events
                  order by created_at desc, id desc limit ?""")
              .param(limit)
              .query(
                  (rs, row) ->
                      new PlatformEvent(
                          rs.getTimestamp("created_at").toInstant(),
                          rs.getString("type"),
                          rs.getString("message"),
                          rs.getString("replica")))
              .list());
    }
    // An event written since the list of unwritten ones was copied is in both: keep one.
    return all.stream()
        .distinct()
        .sorted(Comparator.comparing(PlatformEvent::at).reversed())
        .limit(limit)
        .toList();
  }

  /** Deletes the events that happened before {@code before}; returns how many. */
  int trim(Instant before) {
    return db.sql("delete from platform_events where created_at < ?")
        .param(Timestamp.from(before))
        .update();
  }
}
