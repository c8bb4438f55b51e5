package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.HttpdProcesses;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.OwnInstallation;
import dev.paddock.support.Pebble;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * HTTPS through the admin's own httpd (external mode): its configuration loads the modules and
 * listens on the ports, Paddock's file brings {@code mod_md}'s settings and the hosts, certificates
 * come from a real ACME server (Debian's pebble) into the admin's store, and Paddock reads their
 * state from that httpd.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ExternalHttpsIT {

  private static final OwnInstallation OWN = OwnInstallation.of("exthttps");
  private static final String TENANT = Infrastructure.uniqueName("ext");
  private static final Path SYSTEM = OWN.data().resolve("system");
  private static final int HTTPS_PORT = Infrastructure.freePort();
  private static Pebble pebble;

  @LocalServerPort int port;

  @BeforeAll
  static void services() throws IOException {
    Infrastructure.requireDockerAndHttpd();
    Infrastructure.requirePrograms("pebble curl openssl", "pebble", "curl", "openssl");
    pebble = Pebble.start(List.of());
    Files.createDirectories(SYSTEM);
    Files.writeString(SYSTEM.resolve("httpd.conf"), adminConfig());
    HttpdProcesses.reloadScript(
        SYSTEM.resolve("reload"), SYSTEM.resolve("httpd.pid"), SYSTEM.resolve("httpd.conf"));
    apache2("start");
    await().atMost(Duration.ofSeconds(20)).until(() -> Infrastructure.listening(HTTPS_PORT));
  }

  @AfterAll
  static void stop() {
    if (Files.exists(SYSTEM.resolve("httpd.pid"))) {
      apache2("stop");
    }
    if (pebble != null) {
      pebble.close();
    }
  }

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    OWN.controlPlane(registry, Duration.ofSeconds(20));
    registry.add("paddock.edge.httpd.mode", () -> "external");
    registry.add("paddock.edge.httpd.vhosts-file", () -> SYSTEM.resolve("paddock.conf").toString());
    registry.add("paddock.edge.httpd.reload-command", () -> SYSTEM.resolve("reload").toString());
    registry.add("paddock.edge.https-port", () -> HTTPS_PORT);
    registry.add("paddock.edge.acme.directory", () -> pebble.directory().toString());
    registry.add("paddock.edge.acme.ca-certificate", () -> pebble.apiCertificate().toString());
    registry.add("paddock.edge.acme.email", () -> "ops@example.com");
    registry.add("paddock.edge.acme.check-interval", () -> "1s");
    registry.add("paddock.edge.acme.store", () -> SYSTEM.resolve("md").toString());
  }

  @Test
  void anAppBehindTheAdminsHttpdGetsItsCertificateFromItsStoreAndHttp2() throws IOException {
    Api api = new Api(URI.create("http://127.0.0.1:" + port + "/"));
    Tenancy ext = Tenancy.create(api, OWN.admin(), TENANT);
    ext.createApp("hello");
    try {
      assertThat(
              ext.awaitDeploy("hello", ext.uploadAndDeploy("hello", Api.example("hello-handler"))))
          .isEqualTo("live");

      JsonNode hello = awaitActive(api, ext);
      assertThat(hello.get("issuer").asString()).contains("Pebble");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(curl("https", HTTPS_PORT)).isEqualTo("200 2 Hello from Paddock"));
      assertThat(curl("http", OWN.edgePort())).startsWith("301");

      // The certificate is in the admin's store; Paddock's file loads no module of its own.
      try (var domains = Files.list(SYSTEM.resolve("md").resolve("domains"))) {
        assertThat(domains.map(p -> p.getFileName().toString())).contains(host());
      }
      String written = Files.readString(SYSTEM.resolve("paddock.conf"));
      assertThat(written).contains("MDomain " + host()).doesNotContain("LoadModule");
    } finally {
      ext.deleteApp("hello", OWN.name());
    }
  }

  /** What an admin's httpd needs for Paddock's hosts over HTTP and HTTPS, as the README says. */
  private static String adminConfig() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return """
        ServerRoot "/usr/lib/apache2"
        ServerName localhost
        Listen 127.0.0.1:%d
        Listen 127.0.0.1:%d
        PidFile "%s/httpd.pid"
        DefaultRuntimeDir "%s"
        Mutex file:%s default
        ErrorLog "%s/error.log"
        LogLevel warn
        %s
        LoadModule mpm_event_module modules/mod_mpm_event.so
        LoadModule authz_core_module modules/mod_authz_core.so
        LoadModule alias_module modules/mod_alias.so
        LoadModule mime_module modules/mod_mime.so
        LoadModule proxy_module modules/mod_proxy.so
        LoadModule proxy_http_module modules/mod_proxy_http.so
        LoadModule proxy_balancer_module modules/mod_proxy_balancer.so
        LoadModule slotmem_shm_module modules/mod_slotmem_shm.so
        LoadModule lbmethod_byrequests_module modules/mod_lbmethod_byrequests.so
        LoadModule headers_module modules/mod_headers.so
        LoadModule rewrite_module modules/mod_rewrite.so
        LoadModule socache_shmcb_module modules/mod_socache_shmcb.so
        LoadModule ssl_module modules/mod_ssl.so
        LoadModule http2_module modules/mod_http2.so
        LoadModule md_module modules/mod_md.so
        TypesConfig /etc/mime.types
        <Directory "%s">
            Require all granted
        </Directory>
        IncludeOptional "%s"
        """
        .formatted(
            OWN.edgePort(),
            HTTPS_PORT,
            SYSTEM,
            SYSTEM,
            SYSTEM,
            SYSTEM,
            root ? "User www-data\nGroup www-data" : "",
            OWN.data().resolve("httpd").resolve("errors"),
            SYSTEM.resolve("paddock.conf"));
  }

  private static void apache2(String signal) {
    try {
      Process process =
          new ProcessBuilder(
                  "setsid", "apache2", "-f", SYSTEM.resolve("httpd.conf").toString(), "-k", signal)
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("apache2 -k " + signal + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String host() {
    return "hello." + TENANT + ".localhost";
  }

  private static JsonNode awaitActive(Api api, Tenancy ext) {
    JsonNode[] name = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var https = api.get(ext.apps() + "/hello/https", ext.token());
              assertThat(https.status()).as(https.body()).isEqualTo(200);
              name[0] = https.json().get("names").get(0);
              assertThat(name[0].get("certificate").asString())
                  .as("%s; pebble: %s", https.body(), pebble.log())
                  .isEqualTo("active");
            });
    return name[0];
  }

  /** Status, HTTP version and the body's first line, trusting pebble's root only. */
  private static String curl(String scheme, int port) throws IOException {
    Process process =
        new ProcessBuilder(
                "curl",
                "-s",
                "--max-time",
                "10",
                "--cacert",
                pebble.root().toString(),
                "--resolve",
                host() + ":" + port + ":127.0.0.1",
                "-w",
                "\n%{http_code} %{http_version}",
                scheme + "://" + host() + ":" + port + "/")
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String[] lines = out.strip().split("\n");
    String code = lines[lines.length - 1];
    return lines.length > 1 ? code + " " + lines[0].replace(" (handler)", "") : code;
  }
}
