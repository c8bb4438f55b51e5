package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.OwnInstallation;
import dev.paddock.support.Pebble;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * HTTPS at the edge with certificates from a real ACME server (Debian's pebble) through httpd's
 * mod_md: an app gets its certificate and is served over HTTP/2, its HTTP redirects, and a name the
 * CA refuses is that name's trouble only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class HttpsIT {

  private static final OwnInstallation OWN = OwnInstallation.of("https");
  private static final String TENANT = Infrastructure.uniqueName("tls");
  private static final int HTTPS_PORT = Infrastructure.freePort();
  private static final int API_PORT = Infrastructure.freePort();
  private static final String CONSOLE = Infrastructure.uniqueName("console") + ".test";
  private static Pebble pebble;

  @LocalServerPort int port;

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
    Infrastructure.requirePrograms("pebble curl openssl", "pebble", "curl", "openssl");
    pebble = Pebble.start(List.of(host("refused")));
  }

  @AfterAll
  static void stopPebble() {
    if (pebble != null) {
      pebble.close();
    }
  }

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    OWN.controlPlane(registry, Duration.ofSeconds(20));
    registry.add("paddock.edge.https-port", () -> HTTPS_PORT);
    registry.add("paddock.edge.acme.directory", () -> pebble.directory().toString());
    registry.add("paddock.edge.acme.ca-certificate", () -> pebble.apiCertificate().toString());
    registry.add("paddock.edge.acme.email", () -> "ops@example.com");
    registry.add("paddock.edge.acme.check-interval", () -> "1s");
    // The console at the edge needs the control plane's own port fixed.
    registry.add("server.port", () -> API_PORT);
    registry.add("paddock.edge.console-host", () -> CONSOLE);
  }

  @Test
  void anAppGetsItsCertificateAndHttp2WhileANameTheCaRefusesFailsAlone() {
    Api api = new Api(URI.create("http://127.0.0.1:" + port + "/"));
    Tenancy tls = Tenancy.create(api, OWN.admin(), TENANT);
    tls.createApp("hello");
    tls.createApp("refused");
    try {
      assertThat(
              tls.awaitDeploy("hello", tls.uploadAndDeploy("hello", Api.example("hello-handler"))))
          .isEqualTo("live");
      JsonNode hello = awaitCertificate(api, tls, "hello", "active");
      assertThat(hello.get("issuer").asString()).contains("Pebble");
      assertThat(hello.get("expires").isNull()).isFalse();

      Curl secure = curl("https", "hello", HTTPS_PORT, "/");
      assertThat(secure.status()).as(secure.toString()).isEqualTo(200);
      assertThat(secure.version()).isEqualTo("2");
      assertThat(secure.body()).isEqualTo("Hello from Paddock (handler)\n");
      assertThat(secure.headers()).containsIgnoringCase("strict-transport-security: max-age=");

      // The app is told the scheme and the client's address, whatever the client claims.
      Curl forwarded =
          curl(
              "https",
              "hello",
              HTTPS_PORT,
              "/forwarded",
              "-H",
              "X-Forwarded-Proto: http",
              "-H",
              "X-Forwarded-For: 203.0.113.9");
      assertThat(forwarded.body()).isEqualTo("proto=https for=127.0.0.1\n");

      // A name the edge does not serve gets the 404 page over TLS, and a request whose Host is
      // another app than the name its TLS connection was made for is refused.
      assertThat(curl("https", "nobody", HTTPS_PORT, "/", "-k").status()).isEqualTo(404);
      assertThat(curl("https", "hello", HTTPS_PORT, "/", "-H", "Host: " + host("refused")).status())
          .isEqualTo(421);

      Curl plain = curl("http", "hello", OWN.edgePort(), "/count?x=1");
      assertThat(plain.status()).isEqualTo(301);
      assertThat(plain.headers())
          .contains("Location: https://" + host("hello") + ":" + HTTPS_PORT + "/count?x=1");

      // A name the CA refuses is failing, with the CA's reason; the other keeps serving HTTPS.
      JsonNode refused = awaitCertificate(api, tls, "refused", "failing");
      assertThat(refused.get("error").asString()).contains("rejectedIdentifier");
      assertThat(curl("http", "refused", OWN.edgePort(), "/").status()).isNotEqualTo(301);
      assertThat(curl("https", "hello", HTTPS_PORT, "/").status()).isEqualTo(200);

      // An app added meanwhile gets its certificate too.
      tls.createApp("third");
      awaitCertificate(api, tls, "third", "active");
      assertThat(curl("https", "hello", HTTPS_PORT, "/").status()).isEqualTo(200);

      assertThat(events(api, tls, "hello")).contains("certificate.issued");
      assertThat(events(api, tls, "refused")).contains("certificate.failed");

      // Not HTTPS-only: HTTP serves, and the app hears it came over HTTP.
      var changed = api.put(tls.apps() + "/hello/https", tls.token(), Map.of("httpsOnly", false));
      assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          curl(
                                  "http",
                                  "hello",
                                  OWN.edgePort(),
                                  "/forwarded",
                                  "-H",
                                  "X-Forwarded-Proto: https")
                              .body())
                      .isEqualTo("proto=http for=127.0.0.1\n"));
    } finally {
      for (String app : List.of("hello", "refused", "third")) {
        tls.deleteApp(app, OWN.name());
      }
    }
  }

  @Test
  void theConsoleHasItsOwnNameOverHttpsAndItsSessionCookieIsSecureAndHostOnly() {
    Api api = new Api(URI.create("http://127.0.0.1:" + port + "/"));
    String user = Infrastructure.uniqueName("ops");
    String password = "correct horse battery";
    var created =
        api.post(
            "api/v1/users",
            OWN.admin(),
            Map.of("name", user, "password", password, "admin", false));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(curlTo(CONSOLE, "https", HTTPS_PORT, "/api/v1/session").status())
                    .as(pebble.log())
                    .isNotIn(0, 502, 503));

    Curl plain = curlTo(CONSOLE, "http", OWN.edgePort(), "/api/v1/me?x=1");
    assertThat(plain.status()).isEqualTo(301);
    assertThat(plain.headers())
        .contains("Location: https://" + CONSOLE + ":" + HTTPS_PORT + "/api/v1/me?x=1");

    // Signed in through the console, from its own origin: the cookie is Secure and __Host-.
    String origin = "https://" + CONSOLE + ":" + HTTPS_PORT;
    Curl signIn =
        curlTo(
            CONSOLE,
            "https",
            HTTPS_PORT,
            "/api/v1/session",
            "-H",
            "Origin: " + origin,
            "-H",
            "Content-Type: application/json",
            "--data",
            "{\"name\": \"%s\", \"password\": \"%s\"}".formatted(user, password));
    assertThat(signIn.status()).as(signIn.toString()).isEqualTo(200);
    String cookie =
        signIn
            .headers()
            .lines()
            .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie:"))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("__Host-PADDOCK_SESSION=").contains("Secure").contains("HttpOnly");
    assertThat(cookie).contains("Path=/").doesNotContainIgnoringCase("Domain=");
    String pair = cookie.substring(cookie.indexOf(':') + 1).split(";")[0].strip();
    Curl me = curlTo(CONSOLE, "https", HTTPS_PORT, "/api/v1/me", "-H", "Cookie: " + pair);
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.body()).contains("user:" + user);
    // Another site's page cannot sign in through the console.
    assertThat(
            curlTo(
                    CONSOLE,
                    "https",
                    HTTPS_PORT,
                    "/api/v1/session",
                    "-H",
                    "Origin: https://evil.example",
                    "-H",
                    "Content-Type: application/json",
                    "--data",
                    "{\"name\": \"%s\", \"password\": \"%s\"}".formatted(user, password))
                .status())
        .isEqualTo(403);

    // On the control plane's own plain address the cookie stays as it was.
    var direct = api.post("api/v1/session", null, Map.of("name", user, "password", password));
    assertThat(direct.status()).as(direct.body()).isEqualTo(200);
    assertThat(direct.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("PADDOCK_SESSION=")
        .doesNotContain("Secure");
  }

  private static String host(String app) {
    return app + "." + TENANT + ".localhost";
  }

  private static JsonNode awaitCertificate(Api api, Tenancy tls, String app, String state) {
    JsonNode[] name = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var https = api.get(tls.apps() + "/" + app + "/https", tls.token());
              assertThat(https.status()).as(https.body()).isEqualTo(200);
              name[0] = https.json().get("names").get(0);
              assertThat(name[0].get("host").asString()).isEqualTo(host(app));
              assertThat(name[0].get("certificate").asString())
                  .as("%s; pebble: %s", https.body(), pebble.log())
                  .isEqualTo(state);
            });
    return name[0];
  }

  private static String events(Api api, Tenancy tls, String app) {
    return api.get(tls.apps() + "/" + app + "/events", tls.token()).body();
  }

  /** What curl got: status, HTTP version, the header block and the body. */
  record Curl(int status, String version, String headers, String body) {}

  /** A request as a browser on the internet sends it, trusting pebble's root only. */
  private static Curl curl(String scheme, String app, int port, String path, String... extra) {
    return curlTo(host(app), scheme, port, path, extra);
  }

  private static Curl curlTo(String host, String scheme, int port, String path, String... extra) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "curl",
                "-s",
                "-S",
                "--max-time",
                "10",
                "--cacert",
                pebble.root().toString(),
                "--resolve",
                host + ":" + port + ":127.0.0.1",
                "-D",
                "-",
                "-w",
                "\n%{http_code} %{http_version}"));
    argv.addAll(List.of(extra));
    argv.add(scheme + "://" + host + ":" + port + path);
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(20, TimeUnit.SECONDS);
      int last = out.lastIndexOf('\n');
      String[] code = out.substring(last + 1).split(" ");
      String response = out.substring(0, last);
      int split = response.indexOf("\r\n\r\n");
      return split < 0
          ? new Curl(Integer.parseInt(code[0]), code[1], response, "")
          : new Curl(
              Integer.parseInt(code[0]),
              code[1],
              response.substring(0, split),
              response.substring(split + 4));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
