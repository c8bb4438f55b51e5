package dev.paddock.metrics;

import dev.paddock.sandbox.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Samples in PostgreSQL, kept for the configured window. */
@Repository
public class Samples {

  private final JdbcClient db;
  private final JdbcTemplate jdbc;

  Samples(JdbcClient db, JdbcTemplate jdbc) {
    this.db = db;
    this.jdbc = jdbc;
  }

  void record(List<Sample> samples) {
    jdbc.batchUpdate(
        """
        insert into samples (app_id, sandbox, slot, release_id, at, memory_bytes,
            memory_limit_bytes, cpus_limit, pids_limit, cpu_nanos, pids, heap_used_bytes,
            heap_after_gc_bytes, heap_max_bytes, threads, requests, uptime_ms)
        select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
        where exists (select 1 from apps where id = ?)""",
        samples,
        samples.size(),
        (ps, s) -> {
          Usage u = s.usage();
          Usage.Jvm jvm = u.jvm();
          ps.setLong(1, s.sandbox().appId());
          ps.setString(2, s.sandbox().name());
          ps.setInt(3, s.sandbox().slot());
          ps.setLong(4, s.sandbox().release());
          ps.setTimestamp(5, Timestamp.from(s.at()));
          ps.setLong(6, u.memoryBytes());
          ps.setLong(7, u.memoryLimitBytes());
          ps.setDouble(8, u.cpusLimit());
          ps.setLong(9, u.pidsLimit());
          ps.setLong(10, u.cpuNanos());
          ps.setLong(11, u.pids());
          ps.setObject(12, jvm == null ? null : jvm.heapUsed());
          ps.setObject(13, jvm == null ? null : jvm.heapAfterGc());
          ps.setObject(14, jvm == null ? null : jvm.heapMax());
          ps.setObject(15, jvm == null ? null : jvm.threads());
          ps.setObject(16, jvm == null ? null : jvm.requests());
          ps.setObject(17, jvm == null ? null : jvm.uptimeMillis());
          ps.setLong(18, s.sandbox().appId());
        });
  }

  /** A tenant's app by name, for tags. */
  record AppName(String tenant, String app) {}

  Map<Long, AppName> appNames() {
    Map<Long, AppName> names = new HashMap<>();
    db.sql("select a.id, a.name, t.name as tenant from apps a join tenants t on t.id = a.tenant_id")
        .query(
            (RowCallbackHandler)
                rs ->
                    names.put(
                        rs.getLong("id"),
                        new AppName(rs.getString("tenant"), rs.getString("name"))));
    return names;
  }

  void prune(Instant before) {
    db.sql("delete from samples where at < ?").param(Timestamp.from(before)).update();
  }

  /** One sandbox's readings, oldest first; rates are per second since the reading before. */
  public record Series(String sandbox, int slot, Integer release, List<Point> samples) {}

  /**
   * @param cpuPercent CPU used since the reading before, 100 being one core; null for the first
   */
  public record Point(
      Instant at,
      long memoryBytes,
      long memoryLimitBytes,
      Double cpuPercent,
      long pids,
      Long heapUsedBytes,
      Long heapAfterGcBytes,
      Long heapMaxBytes,
      Integer threads,
      Long requests,
      Double requestsPerSecond) {}

  /** The last reading of a sandbox taken from {@code since} on, if there is one. */
  public Optional<Point> last(String sandbox, Instant since) {
    return db.sql(
            "select * from samples where sandbox = ? and at >= ? order by at desc, id desc limit 1")
        .params(sandbox, Timestamp.from(since))
        .query((rs, row) -> Raw.of(rs).point(null))
        .optional();
  }

  /** The app's series since {@code since}, one per sandbox, in the order sandboxes appeared. */
  public List<Series> of(long appId, Instant since) {
    Map<String, Series> series = new LinkedHashMap<>();
    Map<String, Raw> last = new LinkedHashMap<>();
    db.sql(
            """
            select s.*, r.version from samples s left join releases r on r.id = s.release_id
            where s.app_id = ? and s.at >= ? order by s.at, s.id""")
        .params(appId, Timestamp.from(since))
        .query(
            (RowCallbackHandler)
                rs -> {
                  Raw raw = Raw.of(rs);
                  Integer release = rs.getObject("version", Integer.class);
                  Raw before = last.put(raw.sandbox, raw);
                  series
                      .computeIfAbsent(
                          raw.sandbox,
                          name -> new Series(name, raw.slot, release, new ArrayList<>()))
                      .samples()
                      .add(raw.point(before));
                });
    return List.copyOf(series.values());
  }

  /** A row as read, kept to compute the next row's rates. */
  private record Raw(
      String sandbox,
      int slot,
      Instant at,
      long memory,
      long limit,
      long cpuNanos,
      long pids,
      Long heapUsed,
      Long heapAfterGc,
      Long heapMax,
      Integer threads,
      Long requests) {

    static Raw of(ResultSet rs) throws SQLException {
      return new Raw(
          rs.getString("sandbox"),
          rs.getInt("slot"),
          rs.getTimestamp("at").toInstant(),
          rs.getLong("memory_bytes"),
          rs.getLong("memory_limit_bytes"),
          rs.getLong("cpu_nanos"),
          rs.getLong("pids"),
          rs.getObject("heap_used_bytes", Long.class),
          rs.getObject("heap_after_gc_bytes", Long.class),
          rs.getObject("heap_max_bytes", Long.class),
          rs.getObject("threads", Integer.class),
          rs.getObject("requests", Long.class));
    }

    Point point(Raw before) {
      double seconds = before == null ? 0 : (at.toEpochMilli() - before.at.toEpochMilli()) / 1000.0;
      Double cpu = seconds > 0 ? (cpuNanos - before.cpuNanos) / 1e9 / seconds * 100 : null;
      Double rate =
          seconds > 0 && requests != null && before.requests != null
              ? (requests - before.requests) / seconds
              : null;
      return new Point(
          at,
          memory,
          limit,
          cpu == null ? null : Math.round(cpu * 10) / 10.0,
          pids,
          heapUsed,
          heapAfterGc,
          heapMax,
          threads,
          requests,
          rate == null ? null : Math.round(rate * 10) / 10.0);
    }
  }
}
