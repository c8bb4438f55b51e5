package dev.paddock.reconcile;

import dev.paddock.app.Apps;
import dev.paddock.sandbox.Sandbox;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The reconciler's reads of desired state and its writes of what came of it. */
@Repository
class DesiredState {

  private final JdbcClient db;

  DesiredState(JdbcClient db) {
    this.db = db;
  }

  /** A tenant's app by name, for routing. */
  record AppName(String tenant, String app) {}

  List<Long> appIds() {
    return db.sql("select id from apps order by id").query(Long.class).list();
  }

  List<AppName> appNames() {
    return db.sql(
            "select t.name as tenant, a.name as app from apps a join tenants t on t.id = a.tenant_id")
        .query((rs, row) -> new AppName(rs.getString("tenant"), rs.getString("app")))
        .list();
  }

  Optional<Target> of(long appId) {
    return db.sql(
            """
            select t.id as tenant_id, t.name as tenant, t.uid, a.id as app_id, a.name as app,
                   a.memory_bytes, a.cpus, a.pids, a.instances, a.target_release_id,
                   r.version, r.sha256, r.kind, a.live_release_id
            from apps a join tenants t on t.id = a.tenant_id
            left join releases r on r.id = a.target_release_id
            where a.id = ?""")
        .param(appId)
        .query(
            (rs, row) ->
                new Target(
                    rs.getLong("tenant_id"),
                    rs.getString("tenant"),
                    rs.getInt("uid"),
                    rs.getLong("app_id"),
                    rs.getString("app"),
                    Apps.limits(rs),
                    rs.getInt("instances"),
                    rs.getObject("target_release_id", Long.class),
                    rs.getObject("version", Integer.class),
                    rs.getString("sha256"),
                    rs.getString("kind") == null ? null : rs.getString("kind").equals("handler"),
                    rs.getObject("live_release_id", Long.class)))
        .optional();
  }

  /** The target release serves: it becomes live and its pending deploys end {@code live}. */
  @Transactional
  void promoted(long appId, long release) {
    db.sql(
            "update apps set live_release_id = ?, last_error = null where id = ? and target_release_id = ?")
        .params(release, appId, release)
        .update();
    db.sql(
            "update deploys set status = 'live', updated_at = now() where app_id = ? and release_id = ? and status = 'pending'")
        .params(appId, release)
        .update();
  }

  /** The target release never became healthy: back to the live one, the deploy ends failed. */
  @Transactional
  void failed(long appId, long release, String error) {
    db.sql(
            "update apps set target_release_id = live_release_id, last_error = ? where id = ? and target_release_id = ?")
        .params(error, appId, release)
        .update();
    db.sql(
            "update deploys set status = 'failed', error = ?, updated_at = now() where app_id = ? and release_id = ? and status = 'pending'")
        .params(error, appId, release)
        .update();
  }

  void error(long appId, String error) {
    db.sql("update apps set last_error = ? where id = ?").params(error, appId).update();
  }

  /** Replaces the app's observed sandboxes with what the driver reported. */
  @Transactional
  void observed(long appId, List<Sandbox> sandboxes) {
    db.sql("delete from sandboxes where app_id = ?").param(appId).update();
    for (Sandbox s : sandboxes) {
      db.sql(
              "insert into sandboxes (name, app_id, release_id, slot, state) select ?, ?, ?, ?, ? where exists (select 1 from releases where id = ?)")
          .params(
              s.name(), appId, s.release(), s.slot(), s.state().name().toLowerCase(), s.release())
          .update();
    }
  }
}
