package dev.paddock.reconcile;

import dev.paddock.app.Apps;
import dev.paddock.sandbox.Sandbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The reconciler's reads of desired state and its writes of what came of it. */
@Repository
class DesiredState {

  private static final TypeReference<Map<String, String>> ENV = new TypeReference<>() {};

  private final JdbcClient db;
  private final JsonMapper json;
  private final TransactionTemplate transactions;

  /** What each app's sandboxes were last recorded as by this control plane. */
  private final Map<Long, List<Sandbox>> recorded = new ConcurrentHashMap<>();

  DesiredState(JdbcClient db, JsonMapper json, TransactionTemplate transactions) {
    this.db = db;
    this.json = json;
    this.transactions = transactions;
  }

  /** A tenant's app by name, for routing. */
  record AppName(
      String tenant,
      String app,
      List<String> domains,
      int instances,
      Duration requestTimeout,
      boolean httpsOnly,
      boolean maySleep) {}

  List<Long> appIds() {
    return db.sql("select id from apps order by id").query(Long.class).list();
  }

  /**
   * The apps a pass may have work for: those that should run (deployed, awake) and those of {@code
   * running} (apps the engine has sandboxes of), leaving out the many that are only registered or
   * asleep with nothing left on the engine.
   */
  List<Long> appIdsAtWork(Collection<Long> running) {
    return db.sql(
            """
            select id from apps
            where (target_deploy_id is not null and not asleep) or id = any(?)
            order by id""")
        .param(running.toArray(Long[]::new))
        .query(Long.class)
        .list();
  }

  /** The sha256 of every jar a release still keeps, for any app. */
  Set<String> retainedArtifacts() {
    return new HashSet<>(
        db.sql("select distinct sha256 from releases where retained").query(String.class).list());
  }

  List<AppName> appNames() {
    return db.sql(
            """
            select t.name as tenant, a.name as app, a.instances, a.request_timeout_seconds,
                   a.https_only, a.sleep_after_seconds is not null as may_sleep,
                   array(select host from domains d where d.app_id = a.id and d.verified_at is not null
                         order by host) as domains
            from apps a join tenants t on t.id = a.tenant_id""")
        .query(
            (rs, row) ->
                new AppName(
                    rs.getString("tenant"),
                    rs.getString("app"),
                    Arrays.asList((String[]) rs.getArray("domains").getArray()),
                    rs.getInt("instances"),
                    Duration.ofSeconds(rs.getInt("request_timeout_seconds")),
                    rs.getBoolean("https_only"),
                    rs.getBoolean("may_sleep")))
        .list();
  }

  Optional<Target> of(long appId) {
    return db.sql(
            """
            select t.id as tenant_id, t.name as tenant, t.uid, a.id as app_id, a.name as app,
                   a.instances, a.generations, a.request_timeout_seconds, a.live_deploy_id, live.updated_at as live_since, a.crashes, a.crashed_at,
                   d.id as deploy_id, d.status, r.id as release_id, r.version, r.sha256, r.kind,
                   r.class_count,
                   a.memory_bytes, a.cpus, a.pids, r.env, r.health_path, a.asleep
            from apps a join tenants t on t.id = a.tenant_id
            left join deploys d on d.id = a.target_deploy_id
            left join releases r on r.id = d.release_id
            left join deploys live on live.id = a.live_deploy_id
            where a.id = ?""")
        .param(appId)
        .query(this::target)
        .optional();
  }

  void step(long deploy, String step, String detail) {
    db.sql("insert into deploy_steps (deploy_id, step, detail) values (?, ?, ?)")
        .params(deploy, step, detail)
        .update();
  }

  /** The target rollout serves: it becomes live, and the crash count starts again. */
  @Transactional
  void promoted(long appId, long deploy) {
    db.sql(
            "update apps set live_deploy_id = ?, crashes = 0, crashed_at = null, last_error = null where id = ? and target_deploy_id = ?")
        .params(deploy, appId, deploy)
        .update();
    db.sql(
            "update deploys set status = 'live', updated_at = now() where id = ? and status = 'pending'")
        .param(deploy)
        .update();
    step(deploy, "live", null);
  }

  /** The target rollout never became healthy: back to the live one; the rollout ends failed. */
  @Transactional
  void failed(long appId, long deploy, String error) {
    db.sql(
            "update apps set target_deploy_id = live_deploy_id, last_error = ? where id = ? and target_deploy_id = ?")
        .params(error, appId, deploy)
        .update();
    db.sql(
            "update deploys set status = 'failed', error = ?, updated_at = now() where id = ? and status = 'pending'")
        .params(error, deploy)
        .update();
    step(deploy, "failed", error.lines().findFirst().orElse(error));
  }

  /** Counts one more crash of the app's live sandbox; returns the count. */
  int crashed(long appId, String error) {
    return db.sql(
            "update apps set crashes = crashes + 1, crashed_at = now(), last_error = ? where id = ? returning crashes")
        .params(error, appId)
        .query(Integer.class)
        .single();
  }

  void stable(long appId) {
    db.sql("update apps set crashes = 0, crashed_at = null where id = ?").param(appId).update();
  }

  /** The release that served before the live rollout, if it was a different one. */
  Optional<Long> releaseBefore(long appId, long liveDeploy) {
    return db.sql(
            """
            select release_id from deploys
            where app_id = ? and status = 'live' and id < ?
              and release_id <> (select release_id from deploys where id = ?)
              and release_id in (select id from releases where retained)
            order by id desc limit 1""")
        .params(appId, liveDeploy, liveDeploy)
        .query(Long.class)
        .optional();
  }

  /** A request arrived for the sleeping app: it wakes, and the wake's clock starts. */
  void woken(long appId) {
    db.sql("update apps set asleep = false, wake_started_at = now() where id = ? and asleep")
        .param(appId)
        .update();
  }

  /**
   * The wake ended; how long it took since the first request was held, if this was one. Clears the
   * wake's clock.
   */
  Optional<Duration> wakeEnded(long appId) {
    return db.sql(
            """
            update apps a set wake_started_at = null from apps b
            where a.id = b.id and a.id = ? and b.wake_started_at is not null
            returning extract(epoch from (clock_timestamp() - b.wake_started_at)) * 1000""")
        .param(appId)
        .query((rs, row) -> Duration.ofMillis(Math.round(rs.getDouble(1))))
        .optional();
  }

  /** A wake failed: the app sleeps again until the next request. */
  void sleepsAgain(long appId) {
    db.sql("update apps set asleep = true, wake_started_at = null where id = ?")
        .param(appId)
        .update();
  }

  void error(long appId, String error) {
    db.sql("update apps set last_error = ? where id = ?").params(error, appId).update();
  }

  /**
   * Brings the app's observed sandboxes to what the driver reported, writing only the rows that
   * changed: every pass over every app comes here, and most find nothing new, which asks the
   * database nothing when this control plane recorded the same last.
   */
  void observed(long appId, List<Sandbox> sandboxes) {
    if (sandboxes.equals(recorded.get(appId))) {
      return;
    }
    transactions.executeWithoutResult(done -> record(appId, sandboxes));
    recorded.put(appId, sandboxes);
  }

  /** Forgets what was recorded: another control plane may have led, and recorded, meanwhile. */
  void leading() {
    recorded.clear();
  }

  private void record(long appId, List<Sandbox> sandboxes) {
    db.sql("delete from sandboxes where app_id = ? and name <> all(?)")
        .params(appId, sandboxes.stream().map(Sandbox::name).toArray(String[]::new))
        .update();
    for (Sandbox s : sandboxes) {
      db.sql(
              """
              insert into sandboxes (name, app_id, deploy_id, slot, state)
              select ?, ?, ?, ?, ? where exists (select 1 from deploys where id = ?)
              on conflict (name) do update
                set deploy_id = excluded.deploy_id, slot = excluded.slot, state = excluded.state,
                    observed_at = now()
                where (sandboxes.deploy_id, sandboxes.slot, sandboxes.state)
                  is distinct from (excluded.deploy_id, excluded.slot, excluded.state)""")
          .params(
              s.name(),
              appId,
              s.deploy(),
              s.slot(),
              s.state().name().toLowerCase(Locale.ROOT),
              s.deploy())
          .update();
    }
  }

  private Target target(ResultSet rs, int row) throws SQLException {
    Long deploy = rs.getObject("deploy_id", Long.class);
    Target.Rollout rollout = deploy == null ? null : rollout(rs, deploy);
    return new Target(
        rs.getLong("tenant_id"),
        rs.getString("tenant"),
        rs.getInt("uid"),
        rs.getLong("app_id"),
        rs.getString("app"),
        rs.getInt("instances"),
        Apps.limits(rs),
        Arrays.asList((Integer[]) rs.getArray("generations").getArray()),
        Duration.ofSeconds(rs.getInt("request_timeout_seconds")),
        rollout,
        rs.getObject("live_deploy_id", Long.class),
        instant(rs.getTimestamp("live_since")),
        rs.getInt("crashes"),
        instant(rs.getTimestamp("crashed_at")),
        rs.getBoolean("asleep"));
  }

  private Target.Rollout rollout(ResultSet rs, long deploy) throws SQLException {
    return new Target.Rollout(
        deploy,
        rs.getString("status").equals("pending"),
        rs.getLong("release_id"),
        rs.getInt("version"),
        rs.getString("sha256"),
        rs.getString("kind").equals("handler"),
        rs.getObject("class_count", Integer.class),
        json.readValue(rs.getString("env"), ENV),
        rs.getString("health_path"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
