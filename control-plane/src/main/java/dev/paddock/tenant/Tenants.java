package dev.paddock.tenant;

import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.sandbox.TenantBudget;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.util.unit.DataSize;

/** Tenants in PostgreSQL; every read goes through the caller so other tenants stay invisible. */
@Repository
public class Tenants implements TenantBudget.Source {

  private final JdbcClient db;

  Tenants(JdbcClient db) {
    this.db = db;
  }

  Tenant create(DnsLabel name, Quota quota) {
    try {
      return db.sql(
              "insert into tenants (name, quota_memory_bytes, quota_apps, quota_instances) values (?, ?, ?, ?) returning *")
          .params(
              name.value(),
              quota.memory() == null ? null : quota.memory().toBytes(),
              quota.apps(),
              quota.instances())
          .query(Tenants::map)
          .single();
    } catch (DuplicateKeyException e) {
      throw new ConflictException("Tenant '%s' already exists".formatted(name));
    }
  }

  /** Every tenant the caller may see, by name. */
  public List<Tenant> visibleTo(Caller caller) {
    if (caller.admin()) {
      return db.sql("select * from tenants order by name").query(Tenants::map).list();
    }
    return db.sql("select * from tenants where name = any (?) order by name")
        .param(caller.roles().keySet().toArray(String[]::new))
        .query(Tenants::map)
        .list();
  }

  /** The tenant if the caller may see it; otherwise 404, exactly as if it did not exist. */
  public Tenant visibleTo(Caller caller, DnsLabel name) {
    return byName(name)
        .filter(tenant -> caller.canSee(tenant.name()))
        .orElseThrow(() -> new NotFoundException("Tenant", name));
  }

  Tenant setQuota(Tenant tenant, Quota quota) {
    return db.sql(
            "update tenants set quota_memory_bytes = ?, quota_apps = ?, quota_instances = ? where id = ? returning *")
        .params(
            quota.memory() == null ? null : quota.memory().toBytes(),
            quota.apps(),
            quota.instances(),
            tenant.id())
        .query(Tenants::map)
        .single();
  }

  /** What a tenant holds, counted as its quota counts it. */
  public record Usage(long memoryBytes, int apps, int instances) {}

  /**
   * What the tenant holds now. With {@code lock}, also locks the tenant's row until the transaction
   * ends, so that concurrent changes are checked against its quota one at a time.
   */
  public Usage usage(long tenantId, boolean lock) {
    if (lock) {
      db.sql("select id from tenants where id = ? for update").param(tenantId).query().listOfRows();
    }
    return db.sql(
            """
            select coalesce(sum(memory_bytes * instances), 0) as memory, count(*) as apps,
                   coalesce(sum(instances), 0) as instances
            from apps where tenant_id = ?""")
        .param(tenantId)
        .query(
            (rs, row) -> new Usage(rs.getLong("memory"), rs.getInt("apps"), rs.getInt("instances")))
        .single();
  }

  /** The tenant's quota as the engine enforces it; none for a tenant that is gone. */
  @Override
  public TenantBudget of(long tenantId) {
    return byId(tenantId)
        .map(Tenant::quota)
        .map(quota -> new TenantBudget(quota.memory(), quota.instances()))
        .orElse(TenantBudget.NONE);
  }

  public Optional<Tenant> byId(long id) {
    return db.sql("select * from tenants where id = ?").param(id).query(Tenants::map).optional();
  }

  private Optional<Tenant> byName(DnsLabel name) {
    return db.sql("select * from tenants where name = ?")
        .param(name.value())
        .query(Tenants::map)
        .optional();
  }

  private static Tenant map(ResultSet rs, int row) throws SQLException {
    return new Tenant(
        rs.getLong("id"),
        new DnsLabel(rs.getString("name")),
        rs.getInt("uid"),
        new Quota(
            rs.getObject("quota_memory_bytes") == null
                ? null
                : DataSize.ofBytes(rs.getLong("quota_memory_bytes")),
            rs.getObject("quota_apps", Integer.class),
            rs.getObject("quota_instances", Integer.class)),
        rs.getTimestamp("created_at").toInstant());
  }
}
