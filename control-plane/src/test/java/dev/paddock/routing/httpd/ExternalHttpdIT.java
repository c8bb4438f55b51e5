package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.routing.AcmeProperties;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.RoutingException;
import dev.paddock.routing.TlsProperties;
import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * External mode: Paddock writes a vhosts file that the admin's own httpd includes, and reloads it
 * with a configured command. Here the "system" httpd is one this test starts.
 */
class ExternalHttpdIT {

  private final Path dir = Infrastructure.dataDir();
  private final int port = Infrastructure.freePort();
  private final EdgeProperties edge = new EdgeProperties("localhost", "127.0.0.1", port);
  private final HttpdLayout system = new HttpdLayout(dir.resolve("system"));
  private final Path vhosts = system.vhosts();
  private HttpdProperties httpd;
  private ManagedHttpd server;

  @BeforeEach
  void startSystemHttpd() {
    Infrastructure.requireDockerAndHttpd();
    httpd =
        new HttpdProperties(
            HttpdProperties.Mode.EXTERNAL,
            "apache2",
            Path.of("/usr/lib/apache2"),
            "www-data",
            true,
            HttpdProperties.Mpm.WORKER,
            vhosts,
            List.of("apache2", "-f", system.mainConfig().toString(), "-k", "graceful"),
            HttpdProperties.Launch.PROCESS,
            10002,
            false);
    // The admin's httpd: here simply a managed one whose config includes the file Paddock writes.
    server = new ManagedHttpd(system, httpd, Clock.systemUTC(), Https.off(edge));
    server.start();
  }

  @AfterEach
  void stopSystemHttpd() {
    server.stop();
    Infrastructure.deleteDataDir(dir);
  }

  @Test
  void routesAreWrittenForTheSystemHttpdAndReloadedWithTheConfiguredCommand() throws Exception {
    HttpdRouter router = new HttpdRouter(paddock(), vhosts, edge, httpd, reload());

    router.sync(List.of(new Route("shop.acme.localhost", dir.resolve("shop.sock"))));

    assertThat(Files.readString(vhosts)).contains("ServerName shop.acme.localhost");
    // This httpd runs the worker MPM, the managed edge's other choice.
    assertThat(Files.readString(system.mainConfig())).contains("mod_mpm_worker.so");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(Api.edge(port, "shop.acme.localhost", "/").status()).isEqualTo(503));
  }

  @Test
  void aCandidateThatFailsTheConfigTestNeverReplacesTheLastGoodOne() throws Exception {
    HttpdRouter router = new HttpdRouter(paddock(), vhosts, edge, httpd, reload());
    router.sync(List.of(new Route("good.acme.localhost", dir.resolve("good.sock"))));
    byte[] good = Files.readAllBytes(vhosts);

    assertThatThrownBy(
            () -> router.sync(List.of(new Route("two words.localhost", dir.resolve("x.sock")))))
        .isInstanceOf(RoutingException.class)
        .hasMessageContaining("ServerName");

    assertThat(Files.readAllBytes(vhosts)).isEqualTo(good);
    assertThat(Files.list(vhosts.getParent()).map(p -> p.getFileName().toString()))
        .noneMatch(name -> name.contains("candidate"));
  }

  @Test
  void aSystemHttpdWithoutTheHttpsModulesRefusesTheReloadWithAnErrorThatNamesThem()
      throws Exception {
    int status = Infrastructure.freePort();
    HttpdLayout layout = paddock();
    Https https =
        new Https(
            new EdgeProperties(
                "localhost", "127.0.0.1", port, "http", null, Infrastructure.freePort()),
            new AcmeProperties(
                // Nothing listens there: no certificate is asked for before the reload fails.
                URI.create("https://127.0.0.1:" + Infrastructure.freePort() + "/dir"),
                null,
                "ops@example.com",
                Duration.ofSeconds(5),
                status),
            TlsProperties.none(),
            status,
            layout.defaultCertificate(),
            layout.defaultKey(),
            null,
            layout.acmeCa(),
            dir.resolve("md"),
            true);
    layout.prepareHttps(https);
    new HttpdRouter(layout, vhosts, edge, httpd, reload()).sync(List.of());
    byte[] good = Files.readAllBytes(vhosts);
    HttpdRouter router =
        new HttpdRouter(
            layout, vhosts, httpd, HttpdConfiguration.externalReload(httpd, https), https);

    // Paddock's own config test passes: its harness loads the modules the system httpd lacks.
    assertThatThrownBy(
            () -> router.sync(List.of(new Route("shop.acme.localhost", dir.resolve("s.sock")))))
        .isInstanceOf(RoutingException.class)
        .hasMessageContaining("Invalid command")
        .hasMessageContaining("the system httpd must load " + HttpsConfig.MODULES);
    // The system httpd keeps serving, and its last good file is back, so it can restart later.
    assertThat(new EdgeProbe(edge, Duration.ofSeconds(5)).answers()).isTrue();
    assertThat(Files.readAllBytes(vhosts)).isEqualTo(good);
    // Nor can its certificate status be read: the edge's health says so, and what to check.
    CertificateWatch watch = new CertificateWatch(https, router, event -> {});
    watch.check();
    var health =
        EdgeHealth.external(new EdgeProbe(edge, Duration.ofSeconds(5)), watch::problem).health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails().get("certificates").toString())
        .contains("/md-status does not answer")
        .contains(HttpsConfig.MODULES);
  }

  @Test
  void theEdgeIsHealthyWhileTheSystemHttpdAnswersAndDownOnceItStops() {
    EdgeHealth health = EdgeHealth.external(new EdgeProbe(edge, Duration.ofSeconds(5)));
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

    server.stop();

    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getDetails()).containsEntry("mode", "external");
  }

  private HttpdLayout paddock() throws Exception {
    HttpdLayout layout = new HttpdLayout(dir.resolve("paddock"));
    layout.prepare();
    return layout;
  }

  private Runnable reload() {
    Command command = new Command(httpd.reloadCommand());
    return () -> command.runOrThrow("Reloading the system httpd");
  }
}
