package dev.paddock.platform;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The platform's own events, the admin's alone: kept in {@code platform_events}, which has no
 * tenant, and in memory until they can be written there, since some happen while the database is
 * away. Thread-safe; {@link #record} never waits for the database.
 */
@Repository
class PlatformEvents {

  private static final int MAX_UNWRITTEN = 1000;

  private final JdbcClient db;
  private final ConcurrentLinkedDeque<PlatformEvent> unwritten = new ConcurrentLinkedDeque<>();

  PlatformEvents(JdbcClient db) {
    this.db = db;
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
        db.sql("insert into platform_events (type, message, created_at) values (?, ?, ?)")
            .params(event.type(), event.message(), Timestamp.from(event.at()))
            .update();
      } catch (DataAccessException e) {
        return;
      }
      unwritten.pollFirst();
    }
  }

  /** The newest first: those not written yet, then up to {@code limit} from the database. */
  List<PlatformEvent> latest(int limit, boolean fromDatabase) {
    List<PlatformEvent> all = new ArrayList<>(unwritten);
    if (fromDatabase) {
      all.addAll(
          db.sql(
                  """
                  select type, message, created_at from platform_events
                  order by created_at desc, id desc limit ?""")
              .param(limit)
              .query(
                  (rs, row) ->
                      new PlatformEvent(
                          rs.getTimestamp("created_at").toInstant(),
                          rs.getString("type"),
                          rs.getString("message")))
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
