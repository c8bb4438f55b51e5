package dev.paddock.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.leader.Leadership;
import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finished deploys are kept 30 days and 100 per app (here 2); what an app serves or could roll back
 * to stays.
 */
class DeployRetentionIT extends InProcessPaddock {

  @Autowired Deploys deploys;
  @Autowired Clock clock;
  @Autowired Leadership leadership;
  @Autowired JdbcClient db;

  @Test
  void oldAndSurplusFinishedDeploysGoButTheLatestLiveOneOfEachReleaseStays() {
    var acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("deploys"));
    acme.createApp("web");
    try {
      acme.upload("web", Api.example("hello-handler"));
      long app =
          id(
              "select id from apps where name = 'web' and tenant_id = "
                  + "(select id from tenants where name = ?)",
              acme.tenant());
      long release = id("select id from releases where app_id = ?", app);
      Instant now = Instant.now();
      long oldFailed = deploy(app, release, "failed", now.minus(40, ChronoUnit.DAYS));
      long oldLive = deploy(app, release, "live", now.minus(39, ChronoUnit.DAYS));
      long lastLive = deploy(app, release, "live", now.minus(38, ChronoUnit.DAYS));
      long surplus = deploy(app, release, "failed", now.minus(3, ChronoUnit.DAYS));
      long recent = deploy(app, release, "failed", now.minus(2, ChronoUnit.DAYS));
      long latest = deploy(app, release, "failed", now.minus(1, ChronoUnit.DAYS));
      db.sql("insert into deploy_steps (deploy_id, step, detail) values (?, 'starting', 'x')")
          .param(oldFailed)
          .update();

      assertThat(retention().trim()).isGreaterThanOrEqualTo(3);

      assertThat(
              db.sql("select id from deploys where app_id = ? order by id")
                  .param(app)
                  .query(Long.class)
                  .list())
          .containsExactly(lastLive, recent, latest)
          .doesNotContain(oldFailed, oldLive, surplus);
      assertThat(id("select count(*) from deploy_steps where deploy_id = ?", oldFailed)).isZero();
    } finally {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  private long deploy(long app, long release, String status, Instant at) {
    return db.sql(
            """
            insert into deploys (app_id, release_id, kind, status, created_at, updated_at)
            values (:app, :release, 'deploy', :status, :at, :at) returning id""")
        .params(Map.of("app", app, "release", release, "status", status, "at", Timestamp.from(at)))
        .query(Long.class)
        .single();
  }

  private long id(String sql, Object param) {
    return db.sql(sql).param(param).query(Long.class).single();
  }

  /** The retention job as configured, but keeping only 2 per app, on the shared context's beans. */
  private DeployRetention retention() {
    return new DeployRetention(
        deploys,
        new DeployRetention.Properties(Duration.ofDays(30), 2, Duration.ofMinutes(10)),
        clock,
        leadership);
  }
}
