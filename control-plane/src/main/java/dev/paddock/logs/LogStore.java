package dev.paddock.logs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Apps' log lines in PostgreSQL, the latest {@link LogProperties#linesPerApp()} per app. */
@Repository
class LogStore {

  private final JdbcClient db;
  private final JdbcTemplate jdbc;
  private final LogProperties properties;

  LogStore(JdbcClient db, JdbcTemplate jdbc, LogProperties properties) {
    this.db = db;
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /** A line as stored; {@code id} orders an app's lines and resumes a follow. */
  record Line(long id, Instant at, String sandbox, int slot, String stream, String line) {}

  /** A line to store. */
  record Entry(long appId, String sandbox, int slot, Instant at, boolean stderr, String line) {}

  void append(List<Entry> entries) {
    jdbc.batchUpdate(
        """
        insert into log_lines (app_id, sandbox, slot, at, stream, line)
        select ?, ?, ?, ?, ?, ? where exists (select 1 from apps where id = ?)""",
        entries,
        500,
        (ps, e) -> {
          ps.setLong(1, e.appId());
          ps.setString(2, e.sandbox());
          ps.setInt(3, e.slot());
          ps.setTimestamp(4, Timestamp.from(e.at()));
          ps.setString(5, e.stderr() ? "err" : "out");
          String line = e.line().replace('\u0000', ' ');
          ps.setString(
              6,
              line.length() > properties.maxLineLength()
                  ? line.substring(0, properties.maxLineLength())
                  : line);
          ps.setLong(7, e.appId());
        });
  }

  /** Drops each app's lines beyond its bound, oldest first. */
  void trim(Collection<Long> appIds) {
    for (long appId : appIds) {
      db.sql(
              """
              delete from log_lines where app_id = ? and id < (
                select min(id) from (
                  select id from log_lines where app_id = ? order by id desc limit ?) latest)""")
          .params(appId, appId, properties.linesPerApp())
          .update();
    }
  }

  /** When the sandbox's last stored line was written, to resume following it without repeats. */
  Optional<Instant> lastOf(String sandbox) {
    return db.sql("select max(at) from log_lines where sandbox = ?")
        .param(sandbox)
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  /** The app's last {@code n} lines, oldest first. */
  List<Line> tail(long appId, int n) {
    return db.sql(
            """
            select * from (select * from log_lines where app_id = ? order by id desc limit ?) t
            order by id""")
        .params(appId, n)
        .query(this::line)
        .list();
  }

  /** The app's lines after {@code id}, oldest first, at most {@code limit}. */
  List<Line> after(long appId, long id, int limit) {
    return db.sql("select * from log_lines where app_id = ? and id > ? order by id limit ?")
        .params(appId, id, limit)
        .query(this::line)
        .list();
  }

  private Line line(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Line(
        rs.getLong("id"),
        rs.getTimestamp("at").toInstant(),
        rs.getString("sandbox"),
        rs.getInt("slot"),
        rs.getString("stream"),
        rs.getString("line"));
  }
}
