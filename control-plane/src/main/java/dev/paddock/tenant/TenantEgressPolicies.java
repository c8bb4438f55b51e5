package dev.paddock.tenant;

import dev.paddock.events.Events;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.TenantEgress;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Tenants' own egress policies in PostgreSQL; a tenant without a row has the platform's. */
@Repository
class TenantEgressPolicies implements TenantEgress.Source {

  private final JdbcClient db;
  private final Events events;

  TenantEgressPolicies(JdbcClient db, Events events) {
    this.db = db;
    this.events = events;
  }

  @Override
  public Optional<TenantEgress> of(long tenantId) {
    return db.sql("select * from tenant_egress where tenant_id = ?")
        .param(tenantId)
        .query(TenantEgressPolicies::map)
        .optional();
  }

  /**
   * Sets the tenant's policy and records a {@code tenant.egress-changed} event with it; an empty
   * policy removes the row, so the platform's applies.
   */
  @Transactional
  void set(long tenantId, TenantEgress policy) {
    long event =
        events.record(
            tenantId,
            null,
            "tenant.egress-changed",
            "Egress policy changed: internet %s, %d allowed, %d denied"
                .formatted(
                    policy.internet() == null ? "as the platform's" : policy.internet(),
                    policy.allow().size(),
                    policy.deny().size()));
    events.attach(event, Map.of("egress", EgressController.own(policy)));
    if (policy.internet() == null && policy.allow().isEmpty() && policy.deny().isEmpty()) {
      db.sql("delete from tenant_egress where tenant_id = ?").param(tenantId).update();
      return;
    }
    db.sql(
            """
            insert into tenant_egress (tenant_id, internet, allow_rules, deny_rules)
            values (?, ?, ?, ?)
            on conflict (tenant_id) do update set internet = excluded.internet,
              allow_rules = excluded.allow_rules, deny_rules = excluded.deny_rules,
              updated_at = now()""")
        .params(tenantId, policy.internet(), texts(policy.allow()), texts(policy.deny()))
        .update();
  }

  private static String[] texts(List<EgressRule> rules) {
    return rules.stream().map(EgressRule::toString).toArray(String[]::new);
  }

  private static TenantEgress map(ResultSet rs, int row) throws SQLException {
    return new TenantEgress(
        rs.getObject("internet", Boolean.class),
        rules(rs.getArray("allow_rules")),
        rules(rs.getArray("deny_rules")));
  }

  private static List<EgressRule> rules(Array array) throws SQLException {
    return Arrays.stream((String[]) array.getArray()).map(EgressRule::parse).toList();
  }
}
