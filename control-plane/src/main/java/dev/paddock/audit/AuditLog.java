package dev.paddock.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every call that changes something, in PostgreSQL. */
@Repository
class AuditLog {

  private final JdbcClient db;

  AuditLog(JdbcClient db) {
    this.db = db;
  }

  /** One call: who, what, when, from where, and the status it ended with. */
  record Entry(
      long id,
      Instant at,
      String tenant,
      String actor,
      String role,
      String method,
      String path,
      int status,
      String remote) {}

  void record(
      String tenant,
      String actor,
      String role,
      String method,
      String path,
      int status,
      String remote) {
    db.sql(
            """
            insert into audit_log (tenant_id, actor, role, method, path, status, remote)
            values ((select id from tenants where name = ?), ?, ?, ?, ?, ?, ?)""")
        .params(tenant, actor, role, method, path, status, remote)
        .update();
  }

  int deleteBefore(Instant before) {
    return db.sql("delete from audit_log where at < ?").param(Timestamp.from(before)).update();
  }

  /** The newest first; of one tenant, or of all when {@code tenantId} is null. */
  List<Entry> latest(Long tenantId, int limit) {
    return db.sql(
            """
            select l.*, t.name as tenant from audit_log l left join tenants t on t.id = l.tenant_id
            where (?::bigint is null or l.tenant_id = ?) order by l.id desc limit ?""")
        .params(tenantId, tenantId, limit)
        .query(
            (rs, row) ->
                new Entry(
                    rs.getLong("id"),
                    rs.getTimestamp("at").toInstant(),
                    rs.getString("tenant"),
                    rs.getString("actor"),
                    rs.getString("role"),
                    rs.getString("method"),
                    rs.getString("path"),
                    rs.getInt("status"),
                    rs.getString("remote")))
        .list();
  }
}
