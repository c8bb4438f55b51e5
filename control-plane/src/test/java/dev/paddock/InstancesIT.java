package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.reconcile.Reconciler;
import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.Tenancy;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Several instances of one app behind httpd's balancer: spread, replaced, scaled, recovered. */
class InstancesIT extends InProcessPaddock {

  private static final String HANDLER = "Hello from Paddock (handler)\n";
  private static final String RUNNABLE = "Hello from Paddock (runnable)\n";

  @Autowired Reconciler reconciler;
  @Autowired JdbcClient db;

  private Tenancy acme;

  @BeforeEach
  void app() {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("instances"));
    var created = api().post(acme.apps(), acme.token(), Map.of("name", "web", "instances", 3));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("scale").asInt()).isEqualTo(3);
  }

  @AfterEach
  void cleanUp() {
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void threeInstancesShareTheTrafficAndADeployReplacesThemOneAtATimeWithoutAFailedRequest() {
    long first = acme.uploadAndDeploy("web", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("web", first)).isEqualTo("live");
    assertThat(running()).hasSize(3);
    assertThat(servingInstances()).hasSize(3);

    Map<Integer, Long> statuses;
    long second;
    try (Load load = new Load(EDGE_PORT, acme.host("web"), "/", 4)) {
      second = acme.uploadAndDeploy("web", Api.example("hello-runnable"));
      assertThat(acme.awaitDeploy("web", second)).isEqualTo("live");
      statuses = load.stop();
    }

    assertThat(statuses)
        .containsOnlyKeys(200)
        .allSatisfy((status, n) -> assertThat(n).isPositive());
    List<String> steps =
        StreamSupport.stream(acme.deploy("web", second).json().get("steps").spliterator(), false)
            .map(step -> step.get("step").asString())
            .toList();
    assertThat(steps)
        .containsExactly(
            "uploaded",
            "starting",
            "healthy",
            "switching",
            "starting",
            "healthy",
            "switching",
            "starting",
            "healthy",
            "switching",
            "live");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(running()).hasSize(3));
    IntStream.range(0, 10)
        .forEach(
            i -> assertThat(Api.edge(EDGE_PORT, acme.host("web"), "/").body()).isEqualTo(RUNNABLE));

    // Passes over an app in place write nothing: its sandboxes' rows keep their versions.
    await().atMost(Duration.ofSeconds(30)).until(() -> sandboxRows().size() == 3);
    Map<String, String> rows = sandboxRows();
    reconciler.resync();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sandboxRows()).isEqualTo(rows));
  }

  @Test
  void scalingDownAndUpKeepsEveryRequestServedAndAKilledInstanceIsReplaced() {
    long first = acme.uploadAndDeploy("web", Api.example("hello-handler"));
    assertThat(acme.awaitDeploy("web", first)).isEqualTo("live");

    Map<Integer, Long> statuses;
    List<String> failures;
    try (Load load = new Load(EDGE_PORT, acme.host("web"), "/", 4)) {
      assertThat(scale(1).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> running().size() == 1);
      assertThat(scale(2).json().get("scale").asInt()).isEqualTo(2);
      // A periodic pass over the routes while the new slot starts leaves it out of the balancer.
      reconciler.resync();
      assertThat(servingInstances()).hasSize(1);
      // The new member's balancer reloads httpd gracefully, which closes idle keep-alive
      // connections: a probe sent on one as it closes gets no answer (RFC 9112 lets a client send
      // it again), so the probe asks again. The load's own requests must all be answered.
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptionsInstanceOf(UncheckedIOException.class)
          .until(() -> servingInstances().size() == 2);
      statuses = load.stop();
      failures = load.failures();
    }
    assertThat(statuses).as(String.join("; ", failures)).containsOnlyKeys(200);
    assertThat(running()).hasSize(2);

    String victim = running().getFirst();
    Infrastructure.docker().killContainerCmd(victim).withSignal("KILL").exec();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(running()).hasSize(2).doesNotContain(victim);
              assertThat(servingInstances()).hasSize(2);
            });
  }

  @Test
  void anInstanceCountOutOfRangeIsRefusedAndChangesNothing() {
    for (Object bad : List.of(0, 17, -1)) {
      var refused = scale(bad);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.text("detail")).contains("instances must be between 1 and 16");
    }
    var missing = api().put(acme.apps() + "/web/scale", acme.token(), Map.of());
    assertThat(missing.status()).isEqualTo(400);
    var created = api().post(acme.apps(), acme.token(), Map.of("name", "big", "instances", 99));
    assertThat(created.status()).isEqualTo(400);
    assertThat(api().get(acme.apps() + "/big", acme.token()).status()).isEqualTo(404);
    assertThat(acme.app("web").json().get("scale").asInt()).isEqualTo(3);
  }

  /** The app's rows in the sandboxes table: name to row version (PostgreSQL's xmin). */
  private Map<String, String> sandboxRows() {
    return db
        .sql(
            """
            select s.name, s.xmin::text from sandboxes s join apps a on a.id = s.app_id
            join tenants t on t.id = a.tenant_id where t.name = ? and a.name = 'web'""")
        .param(acme.tenant())
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private Api.Response scale(Object instances) {
    return api().put(acme.apps() + "/web/scale", acme.token(), Map.of("instances", instances));
  }

  /** Running sandboxes of the app, by container id. */
  private List<String> running() {
    return Infrastructure.containersOf(INSTALLATION).stream()
        .filter(c -> acme.tenant().equals(c.getLabels().get("paddock.tenant")))
        .filter(c -> c.getState().equals("running"))
        .map(c -> c.getId())
        .toList();
  }

  /** The instances that answer through httpd, by host name, over enough requests to meet all. */
  private Set<String> servingInstances() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      var response = Api.edge(EDGE_PORT, acme.host("web"), "/instance");
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      seen.add(response.body().strip());
    }
    return seen;
  }
}
