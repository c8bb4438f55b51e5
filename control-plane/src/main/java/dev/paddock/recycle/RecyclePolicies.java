package dev.paddock.recycle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Apps' recycle policies, and the per-slot counts that make the reconciler replace a sandbox. */
@Repository
class RecyclePolicies {

  private final JdbcClient db;
  private final JsonMapper json;

  RecyclePolicies(JdbcClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  /**
   * An app's policy ({@code null}: none) and the rollout that serves it, when no other one is under
   * way.
   */
  record Watched(long tenantId, long appId, long liveDeploy, RecyclePolicy policy) {}

  RecyclePolicy of(long appId) {
    return db.sql("select recycle::text from apps where id = ?")
        .param(appId)
        .query((rs, row) -> Optional.ofNullable(rs.getString(1)))
        .single()
        .map(text -> json.readValue(text, RecyclePolicy.class))
        .orElse(null);
  }

  void set(long appId, RecyclePolicy policy) {
    db.sql("update apps set recycle = ?::jsonb where id = ?")
        .params(policy.isEmpty() ? null : json.writeValueAsString(policy), appId)
        .update();
  }

  /** The apps among these that serve and have no rollout pending, by id. */
  Map<Long, Watched> watched(Collection<Long> appIds) {
    Map<Long, Watched> watched = new HashMap<>();
    if (appIds.isEmpty()) {
      return watched;
    }
    db.sql(
            """
            select id, tenant_id, live_deploy_id, recycle::text from apps
            where id = any(?) and live_deploy_id = target_deploy_id""")
        .param(appIds.toArray(Long[]::new))
        .query((RowCallbackHandler) rs -> watched.put(rs.getLong("id"), watched(rs)));
    return watched;
  }

  /**
   * The apps whose policy has a rule on heap or memory (a leak policy), that serve and have no
   * rollout pending, by id.
   */
  Map<Long, Watched> leakWatched() {
    Map<Long, Watched> watched = new HashMap<>();
    db.sql(
            """
            select id, tenant_id, live_deploy_id, recycle::text from apps
            where live_deploy_id = target_deploy_id
              and (recycle->>'heapAfterGcPercent' is not null
                or recycle->>'memoryPercent' is not null)""")
        .query((RowCallbackHandler) rs -> watched.put(rs.getLong("id"), watched(rs)));
    return watched;
  }

  private Watched watched(ResultSet rs) throws SQLException {
    return new Watched(
        rs.getLong("tenant_id"),
        rs.getLong("id"),
        rs.getLong("live_deploy_id"),
        rs.getString("recycle") == null
            ? null
            : json.readValue(rs.getString("recycle"), RecyclePolicy.class));
  }

  /**
   * Counts one more recycle of the slot, so that its sandbox is replaced, unless a rollout started
   * meanwhile (it replaces the sandbox anyway). Returns whether it counted.
   */
  boolean recycle(long appId, long liveDeploy, int slot) {
    return db.sql(
                """
            update apps set generations[?] = coalesce(generations[?], 0) + 1
            where id = ? and live_deploy_id = ? and target_deploy_id = live_deploy_id""")
            .params(slot + 1, slot + 1, appId, liveDeploy)
            .update()
        == 1;
  }
}
