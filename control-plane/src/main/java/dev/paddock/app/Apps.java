package dev.paddock.app;

import dev.paddock.auth.Caller;
import dev.paddock.jvm.JvmMemory;
import dev.paddock.jvm.MemoryCalculator;
import dev.paddock.naming.DnsLabel;
import dev.paddock.sandbox.Limits;
import dev.paddock.tenant.Tenant;
import dev.paddock.tenant.Tenants;
import dev.paddock.units.Sizes;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Apps in PostgreSQL. Reads by name are always within one tenant. */
@Repository
public class Apps {

  private static final TypeReference<Map<String, String>> ENV = new TypeReference<>() {};

  private final JdbcClient db;
  private final Tenants tenants;
  private final JsonMapper json;

  Apps(JdbcClient db, Tenants tenants, JsonMapper json) {
    this.db = db;
    this.tenants = tenants;
    this.json = json;
  }

  App create(Tenant tenant, DnsLabel name, Limits limits, int instances) {
    try {
      long id =
          db.sql(
                  """
                  insert into apps
                    (tenant_id, name, memory_bytes, cpus, pids, instances, sleep_after_seconds)
                  select t.id, ?, ?, ?, ?, ?, t.default_sleep_after_seconds
                  from tenants t where t.id = ? returning id""")
              .params(
                  name.value(),
                  limits.memory().toBytes(),
                  BigDecimal.valueOf(limits.cpus()),
                  limits.pids(),
                  instances,
                  tenant.id())
              .query(Long.class)
              .single();
      return byId(id).orElseThrow();
    } catch (DuplicateKeyException e) {
      throw new ConflictException(
          "App '%s' already exists in tenant '%s'".formatted(name, tenant.name()));
    }
  }

  /** The app of this tenant, or 404. */
  public App get(Tenant tenant, DnsLabel name) {
    return db.sql("select * from apps where tenant_id = ? and name = ?")
        .params(tenant.id(), name.value())
        .query((rs, row) -> map(rs, tenant))
        .optional()
        .orElseThrow(() -> new NotFoundException("App", name));
  }

  /** The app if the caller may change it: a viewer is refused; the tenant was checked already. */
  public App writableBy(Caller caller, Tenant tenant, DnsLabel name) {
    App found = get(tenant, name);
    caller.requireWrite(tenant.name());
    return found;
  }

  List<App> list(Tenant tenant) {
    return db.sql("select * from apps where tenant_id = ? order by name")
        .param(tenant.id())
        .query((rs, row) -> map(rs, tenant))
        .list();
  }

  public Optional<App> byId(long id) {
    return db.sql("select * from apps where id = ?")
        .param(id)
        .query((rs, row) -> map(rs, tenants.byId(rs.getLong("tenant_id")).orElseThrow()))
        .optional();
  }

  /**
   * A sandbox of the app as last observed by the reconciler.
   *
   * @param limits the limits the engine says are in force, at the last sample; null before it
   */
  public record Instance(String name, int slot, Integer release, String state, LimitsView limits) {}

  /** The sandboxes of each of these apps (none: no entry), in one query whatever their number. */
  Map<Long, List<Instance>> instances(Collection<Long> appIds) {
    if (appIds.isEmpty()) {
      return Map.of();
    }
    record Row(long appId, Instance instance) {}
    return db
        .sql(
            """
            select s.app_id, s.name, s.slot, r.version, s.state,
                   last.memory_limit_bytes, last.cpus_limit, last.pids_limit
            from sandboxes s
            join deploys d on d.id = s.deploy_id join releases r on r.id = d.release_id
            left join lateral (
              select memory_limit_bytes, cpus_limit, pids_limit from samples
              where sandbox = s.name order by at desc limit 1) last on true
            where s.app_id = any(?) order by s.app_id, s.slot, s.name""")
        .param(appIds.toArray(Long[]::new))
        .query((rs, row) -> new Row(rs.getLong("app_id"), instance(rs)))
        .list()
        .stream()
        .collect(
            Collectors.groupingBy(
                Row::appId, Collectors.mapping(Row::instance, Collectors.toList())));
  }

  private static Instance instance(ResultSet rs) throws SQLException {
    return new Instance(
        rs.getString("name"),
        rs.getInt("slot"),
        rs.getObject("version", Integer.class),
        rs.getString("state"),
        rs.getObject("memory_limit_bytes") == null
            ? null
            : new LimitsView(
                Sizes.format(DataSize.ofBytes(rs.getLong("memory_limit_bytes"))),
                rs.getDouble("cpus_limit"),
                rs.getInt("pids_limit")));
  }

  /**
   * What a deploy brings up: its release's version, and whether it is a handler jar and how many
   * classes it has (null when never counted), which size its JVMs' memory.
   */
  record Deployed(int version, boolean handler, Integer classes) {

    /**
     * How the JVMs of this deploy split the app's memory limit; null if the classes are unknown.
     */
    JvmMemory memory(Limits limits) {
      return classes == null ? null : MemoryCalculator.size(limits.memory(), handler, classes);
    }
  }

  /** What each of these deploys brings up (nulls left out; a null key finds nothing), one query. */
  Map<Long, Deployed> deployed(Collection<Long> deployIds) {
    Map<Long, Deployed> deployed = new HashMap<>();
    Long[] ids = deployIds.stream().filter(Objects::nonNull).distinct().toArray(Long[]::new);
    if (ids.length == 0) {
      return deployed;
    }
    db.sql(
            """
            select d.id, r.version, r.kind, r.class_count
            from deploys d join releases r on r.id = d.release_id where d.id = any(?)""")
        .param(ids)
        .query(
            rs -> {
              deployed.put(
                  rs.getLong("id"),
                  new Deployed(
                      rs.getInt("version"),
                      rs.getString("kind").equals("handler"),
                      rs.getObject("class_count", Integer.class)));
            });
    return deployed;
  }

  public void setLimits(long appId, Limits limits) {
    db.sql("update apps set memory_bytes = ?, cpus = ?, pids = ? where id = ?")
        .params(limits.memory().toBytes(), BigDecimal.valueOf(limits.cpus()), limits.pids(), appId)
        .update();
  }

  void setRequestTimeout(long appId, int seconds) {
    db.sql("update apps set request_timeout_seconds = ? where id = ?")
        .params(seconds, appId)
        .update();
  }

  void setInstances(long appId, int instances) {
    db.sql("update apps set instances = ? where id = ?").params(instances, appId).update();
  }

  /** Replaces the env the app's next release gets; {@code json} is a JSON object of strings. */
  public void setEnv(long appId, String json) {
    db.sql("update apps set env = ?::jsonb where id = ?").params(json, appId).update();
  }

  public void setHealthPath(long appId, String path) {
    db.sql("update apps set health_path = ? where id = ?").params(path, appId).update();
  }

  void delete(App app) {
    db.sql("delete from apps where id = ?").param(app.id()).update();
  }

  /** An app's limits from a row of {@code apps}. */
  public static Limits limits(ResultSet rs) throws SQLException {
    return new Limits(
        DataSize.ofBytes(rs.getLong("memory_bytes")),
        rs.getBigDecimal("cpus").doubleValue(),
        rs.getInt("pids"));
  }

  /** Most apps have no env: their rows are not parsed (an app list maps every row). */
  private Map<String, String> env(String column) {
    return column.equals("{}") ? Map.of() : json.readValue(column, ENV);
  }

  private App map(ResultSet rs, Tenant tenant) throws SQLException {
    return new App(
        rs.getLong("id"),
        tenant,
        new DnsLabel(rs.getString("name")),
        limits(rs),
        env(rs.getString("env")),
        rs.getString("health_path"),
        rs.getInt("instances"),
        rs.getInt("request_timeout_seconds"),
        rs.getObject("target_deploy_id", Long.class),
        rs.getObject("live_deploy_id", Long.class),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getObject("sleep_after_seconds") == null
            ? null
            : Duration.ofSeconds(rs.getInt("sleep_after_seconds")),
        rs.getBoolean("asleep"));
  }
}
