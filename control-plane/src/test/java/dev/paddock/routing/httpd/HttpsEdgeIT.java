package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.routing.AcmeProperties;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.TlsProperties;
import dev.paddock.support.Infrastructure;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The managed httpd with HTTPS rendered for a balanced app with its own names, and no CA it can
 * reach: it starts and reloads (no name has a certificate yet, and the unknown names' host has a
 * self-signed one), and turning HTTPS off again leaves an httpd that starts.
 */
class HttpsEdgeIT {

  private final Path dir = Infrastructure.dataDir();
  private final HttpdLayout layout = new HttpdLayout(dir.resolve("httpd"));
  private final int port = Infrastructure.freePort();
  private final int httpsPort = Infrastructure.freePort();
  private final EdgeProperties edge =
      new EdgeProperties("localhost", "127.0.0.1", port, "http", null, httpsPort);
  private final HttpdProperties httpd = TestHttpd.managed(true);
  private ManagedHttpd server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    Infrastructure.deleteDataDir(dir);
  }

  @Test
  void aBalancedAppWithItsOwnNamesStartsOverHttpsBeforeAnyCertificateAndAfterHttpsIsOff()
      throws IOException {
    Infrastructure.requireHttpd();
    Infrastructure.requirePrograms("openssl curl", "openssl", "curl");
    int status = Infrastructure.freePort();
    Https https =
        new Https(
            edge,
            new AcmeProperties(
                // Nothing listens there: every name stays without a certificate.
                URI.create("https://127.0.0.1:" + Infrastructure.freePort() + "/dir"),
                null,
                "ops@example.com",
                Duration.ofSeconds(5),
                status),
            TlsProperties.none(),
            status,
            layout.defaultCertificate(),
            layout.defaultKey());
    server = new ManagedHttpd(layout, httpd, Clock.systemUTC(), https);
    server.start();
    HttpdRouter router = new HttpdRouter(layout, layout.vhosts(), httpd, server::reload, https);
    Path sockets = dir.resolve("run");
    Route shop =
        new Route(
            "shop.acme.localhost",
            List.of("shop.example.com"),
            List.of(sockets.resolve("slot-0.sock"), sockets.resolve("slot-1.sock")),
            Duration.ofSeconds(65));
    router.securedBy(() -> Set.of("shop.acme.localhost"));

    router.sync(List.of(shop));

    // No sandbox behind the sockets: the app's 503 page, on each of its names, over TLS.
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(curl("https", "shop.example.com", httpsPort)).isEqualTo("503"));
    assertThat(curl("https", "shop.acme.localhost", httpsPort)).isEqualTo("503");
    assertThat(curl("https", "nobody.acme.localhost", httpsPort)).isEqualTo("404");
    assertThat(curl("http", "shop.acme.localhost", port)).isEqualTo("301");
    assertThat(curl("http", "shop.example.com", port)).isEqualTo("503");
    assertThat(Files.exists(layout.md())).isTrue();

    server.stop();
    server.killAll();
    server = new ManagedHttpd(layout, httpd, Clock.systemUTC(), Https.off(edge));
    server.start();

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(curl("http", "nobody.acme.localhost", port)).isEqualTo("404"));
    assertThat(curl("https", "shop.example.com", httpsPort)).isEqualTo("000");
  }

  /** The status code, or 000 when nothing answers. */
  private static String curl(String scheme, String host, int port) throws IOException {
    Process process =
        new ProcessBuilder(
                "curl",
                "-s",
                "-k",
                "--max-time",
                "5",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--resolve",
                host + ":" + port + ":127.0.0.1",
                scheme + "://" + host + ":" + port + "/")
            .start();
    String code = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return code.strip();
  }
}
