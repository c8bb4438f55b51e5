package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.routing.AcmeProperties;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.TlsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpdConfigTest {

  private final EdgeProperties edge = new EdgeProperties("localhost", "127.0.0.1", 8000);

  @Test
  void vhostsRenderTheDefaultHostFirstThenOneHostPerAppSortedByName() throws IOException {
    Path shop = Path.of("/srv/paddock/run/acme/shop");
    String rendered =
        HttpdConfig.vhosts(
            List.of(
                new Route("web.acme.localhost", Path.of("/srv/paddock/run/acme/web/slot-0.sock")),
                new Route(
                    "shop.acme.localhost",
                    List.of(shop.resolve("slot-0.sock"), shop.resolve("slot-1.sock")),
                    Route.DEFAULT_TIMEOUT),
                new Route("api.acme.localhost", Path.of("/srv/paddock/run/acme/api/slot-0.sock"))),
            edge,
            Path.of("/srv/paddock/httpd/errors"));

    assertThat(rendered).isEqualTo(expected("vhosts.conf"));
  }

  @Test
  void withARouteMapAppsOfOneInstanceOverHttpAreEntriesOfTheMapAndTheOthersHostsOfTheirOwn() {
    Path run = Path.of("/srv/paddock/run");
    Route web =
        new Route(
            "web.acme.localhost",
            List.of("Web.Example.com"),
            List.of(run.resolve("web/slot-0.sock")),
            Duration.ofSeconds(7));
    Route api = new Route("api.acme.localhost", run.resolve("api/slot-0.sock"));
    Route shop =
        new Route(
            "shop.acme.localhost",
            List.of(run.resolve("shop/slot-0.sock"), run.resolve("shop/slot-1.sock")),
            Route.DEFAULT_TIMEOUT);
    Route spaced = new Route("odd.acme.localhost", Path.of("/srv/my data/odd/slot-0.sock"));
    List<Route> routes = List.of(web, api, shop, spaced);
    Https off = Https.off(edge);

    String rendered =
        HttpdConfig.vhosts(routes, Path.of("/e"), off, Set.of(), Path.of("/h/routes.db"));

    assertThat(RouteMapConfig.entries(routes, off))
        .containsExactly(
            java.util.Map.entry("api.acme.localhost", "t65|-|/srv/paddock/run/api/slot-0.sock"),
            java.util.Map.entry("web.acme.localhost", "t7|-|/srv/paddock/run/web/slot-0.sock"),
            java.util.Map.entry("web.example.com", "t7|-|/srv/paddock/run/web/slot-0.sock"));
    assertThat(rendered)
        .doesNotContain("ServerName web.acme.localhost", "ServerName api.acme.localhost")
        .contains("ServerName shop.acme.localhost", "ServerName odd.acme.localhost")
        .contains("RewriteMap routes \"dbm=db:/h/routes.db\"")
        .contains("<Proxy \"http://t7.paddock.invalid/\">")
        .containsOnlyOnce("<Proxy \"http://t65.paddock.invalid/\">")
        .containsOnlyOnce("RewriteEngine On");
  }

  @Test
  void withTheAdminsCertificateItsNamesAreInTheRouteMapAndNamesFromAcmeAreNot() {
    Https https =
        new Https(
            edge,
            new AcmeProperties(
                URI.create("https://ca.example/dir"),
                null,
                "ops@example.com",
                Duration.ofSeconds(5),
                0),
            new TlsProperties(Path.of("/tls/c.pem"), Path.of("/tls/k.pem")),
            0,
            Path.of("/d.crt"),
            Path.of("/d.key"));
    Path run = Path.of("/run");
    Route web = new Route("web.acme.localhost", run.resolve("web/slot-0.sock"));
    Route open = new Route("open.acme.localhost", run.resolve("open/slot-0.sock")).httpsOnly(false);
    Route shop =
        new Route(
            "shop.acme.localhost",
            List.of("shop.example.com"),
            List.of(run.resolve("shop/slot-0.sock")),
            Route.DEFAULT_TIMEOUT);
    List<Route> routes = List.of(web, open, shop);

    String rendered = HttpdConfig.vhosts(routes, Path.of("/e"), https, Set.of(), Path.of("/r.db"));

    assertThat(RouteMapConfig.entries(routes, https))
        .containsExactly(
            java.util.Map.entry("open.acme.localhost", "t65|-|/run/open/slot-0.sock"),
            java.util.Map.entry("web.acme.localhost", "t65|h|/run/web/slot-0.sock"));
    assertThat(rendered)
        .doesNotContain("ServerName web.acme.localhost")
        .contains("ServerName shop.acme.localhost", "MDomain shop.example.com")
        .contains("ServerAlias *.localhost");
    // The wildcard host comes after every other: it never shadows one.
    assertThat(rendered.substring(rendered.lastIndexOf("<VirtualHost")))
        .contains("ServerName routes.paddock.invalid");
  }

  @Test
  void withNoAppsOnlyTheDefaultHostIsRendered() {
    String rendered = HttpdConfig.vhosts(List.of(), edge, Path.of("/e"));

    assertThat(rendered).containsOnlyOnce("<VirtualHost").contains("ErrorDocument 404");
  }

  @Test
  void anAppBehindAServiceIsOnePlainProxyToItsAddress() {
    String rendered =
        HttpdConfig.vhosts(
            List.of(
                Route.toService(
                    "shop.acme.localhost",
                    List.of("shop.example.com"),
                    URI.create("http://shop.paddock-acme.svc:80/"),
                    Route.DEFAULT_TIMEOUT)),
            edge,
            Path.of("/e"));

    assertThat(rendered)
        .contains("ServerAlias shop.example.com\n")
        .contains(
            "ProxyPass / \"http://shop.paddock-acme.svc:80/\" retry=0 ttl=2 timeout=65 upgrade=websocket\n")
        .doesNotContain("unix:")
        .doesNotContain("balancer://");
  }

  private final Https https =
      new Https(
          new EdgeProperties("apps.example.com", "0.0.0.0", 80, "http", null, 443),
          new AcmeProperties(
              URI.create("https://acme.example.org/dir"),
              null,
              "ops@example.com",
              Duration.ofSeconds(5),
              9099),
          TlsProperties.none(),
          9099,
          Path.of("/d/default.crt"),
          Path.of("/d/default.key"));

  @Test
  void theConsoleHostRedirectsHttpAndProxiesHttpsToTheControlPlaneWithItsSchemeAndPort() {
    Https console =
        new Https(
            new EdgeProperties(
                "apps.example.com", "0.0.0.0", 80, "http", null, 8443, "paddock.example.com"),
            https.acme(),
            TlsProperties.none(),
            9099,
            Path.of("/d/default.crt"),
            Path.of("/d/default.key"),
            URI.create("http://127.0.0.1:8080/"));

    String rendered = HttpdConfig.vhosts(List.of(), Path.of("/e"), console, Set.of());

    assertThat(rendered)
        .contains("MDomain paddock.example.com\n")
        .contains(
            "<VirtualHost *:80>\n    ServerName paddock.example.com\n    RewriteEngine On\n"
                + "    RewriteRule \"^/(?!\\.well-known/acme-challenge/)(.*)$\" \"https://paddock.example.com:8443/$1\" [R=301,L]\n")
        .contains("<VirtualHost *:8443>\n    ServerName paddock.example.com\n    SSLEngine on\n")
        .contains("RequestHeader set X-Forwarded-Port \"8443\"\n")
        .contains("ProxyPass / \"http://127.0.0.1:8080/\" retry=0 timeout=3600\n");
    // Without HTTPS there is no console host at the edge.
    assertThat(HttpdConfig.vhosts(List.of(), Path.of("/e"), Https.off(console.edge()), Set.of()))
        .doesNotContain("paddock.example.com");
  }

  @Test
  void forAnExternalHttpdPaddocksFileCarriesModMdAndItsStatusWhileTheMainConfigLoadsTheModules() {
    Https external =
        new Https(
            https.edge(),
            https.acme(),
            TlsProperties.none(),
            9099,
            Path.of("/d/default.crt"),
            Path.of("/d/default.key"),
            null,
            Path.of("/d/acme-ca.pem"),
            Path.of("/srv/md"),
            true);
    Route shop = new Route("shop.acme.apps.example.com", Path.of("/r/shop.sock"));

    String rendered = HttpdConfig.vhosts(List.of(shop), Path.of("/e"), external, Set.of());

    assertThat(rendered)
        .startsWith("# Generated by Paddock: do not edit.\nMDStoreDir \"/srv/md\"\n")
        .contains("MDCertificateAuthority https://acme.example.org/dir\n")
        .contains("MDStoreLocks on\n")
        .contains("Listen 127.0.0.1:9099\n")
        .contains("MDomain shop.acme.apps.example.com\n")
        .contains(
            "ServerName shop.acme.apps.example.com\n    SSLEngine on\n    Protocols h2 http/1.1\n")
        .doesNotContain("LoadModule")
        .doesNotContain("Listen 0.0.0.0")
        .doesNotContain("SSLSessionCache");
    // The harness that tests Paddock's file stands in for the admin's configuration: modules and
    // ports, not the settings already in the file.
    String harness =
        HttpdConfig.main(
            new HttpdLayout(Path.of("/d")), httpd(), Path.of("/d/candidate.conf"), external);
    assertThat(harness)
        .contains("LoadModule md_module modules/mod_md.so\n")
        .contains("Listen 0.0.0.0:443\n")
        .doesNotContain("MDCertificateAuthority")
        .doesNotContain("Listen 127.0.0.1:9099");
    // Without a store of its own, the system httpd keeps its default one.
    assertThat(
            HttpsConfig.settings(
                new Https(
                    https.edge(),
                    https.acme(),
                    TlsProperties.none(),
                    9099,
                    null,
                    null,
                    null,
                    null,
                    null,
                    true),
                null,
                null))
        .doesNotContain("MDStoreDir");
  }

  @Test
  void redirectsToHttpsNameThePortClientsReachWhile443IsPublishedInFrontOfTheEdge() {
    Https published =
        new Https(
            new EdgeProperties("apps.example.com", "0.0.0.0", 8000, "http", 80, 8443, null, 443),
            https.acme(),
            TlsProperties.none(),
            9099,
            Path.of("/d/default.crt"),
            Path.of("/d/default.key"));
    Route shop = new Route("shop.acme.apps.example.com", Path.of("/r/shop.sock"));

    String rendered =
        HttpdConfig.vhosts(
            List.of(shop), Path.of("/e"), published, Set.of("shop.acme.apps.example.com"));

    assertThat(rendered)
        .contains("\"https://%{SERVER_NAME}/$1\" [R=301,L]\n")
        .contains("<VirtualHost *:8443>\n    ServerName shop.acme.apps.example.com\n");
    assertThat(HttpdConfig.main(new HttpdLayout(Path.of("/d")), httpd(), Path.of("/v"), published))
        .contains("MDPortMap 80:8000 443:8443\n");
  }

  @Test
  void withHttpsEachNameHasItsOwnManagedDomainAndHttpsHostAndOnlySecuredNamesRedirect() {
    Route shop =
        new Route(
            "shop.acme.apps.example.com",
            List.of("shop.example.net", "www.shop.example.net"),
            List.of(Path.of("/r/shop/slot-0.sock")),
            Route.DEFAULT_TIMEOUT);

    String rendered =
        HttpdConfig.vhosts(
            List.of(shop), Path.of("/e"), https, Set.of("shop.example.net", "other.example.org"));

    assertThat(rendered)
        .contains(
            "MDomain shop.acme.apps.example.com\nMDomain shop.example.net\nMDomain www.shop.example.net\n")
        .containsOnlyOnce("<VirtualHost *:80>\n    ServerName shop.acme.apps.example.com\n")
        .containsOnlyOnce(
            "<VirtualHost *:443>\n    ServerName shop.example.net\n    SSLEngine on\n")
        .contains("<VirtualHost *:443>\n    ServerName www.shop.example.net\n")
        .contains("RequestHeader set X-Forwarded-Proto \"http\"\n")
        .contains("RequestHeader set X-Forwarded-Proto \"https\"\n")
        .contains("RequestHeader unset X-Forwarded-For early\n")
        .contains(
            "    RewriteCond %{SERVER_NAME} =shop.example.net [NC]\n"
                + "    RewriteRule \"^/(?!\\.well-known/acme-challenge/)(.*)$\" \"https://%{SERVER_NAME}/$1\" [R=301,L]\n")
        .doesNotContain("=other.example.org")
        .doesNotContain("=shop.acme.apps.example.com");
    // HSTS on the secured name's HTTPS host only; the unknown names' host has a certificate.
    assertThat(rendered.split("Strict-Transport-Security", -1)).hasSize(2);
    assertThat(rendered)
        .contains(
            "    ServerName unknown.paddock.invalid\n    SSLEngine on\n    SSLCertificateFile \"/d/default.crt\"\n");
  }

  @Test
  void anAppThatIsNotHttpsOnlyNeverRedirectsNorSendsHsts() {
    Route shop =
        new Route("shop.acme.apps.example.com", Path.of("/r/shop/slot-0.sock")).httpsOnly(false);

    String rendered = HttpdConfig.vhosts(List.of(shop), Path.of("/e"), https, Set.of(shop.host()));

    assertThat(rendered)
        .doesNotContain("RewriteRule")
        .doesNotContain("Strict-Transport-Security")
        .contains("ServerName shop.acme.apps.example.com\n    SSLEngine on\n");
  }

  @Test
  void theAdminsCertificateServesNamesUnderTheBaseDomainAndAcmeTheOthers() {
    Https both =
        new Https(
            https.edge(),
            https.acme(),
            new TlsProperties(Path.of("/etc/tls/wild.crt"), Path.of("/etc/tls/wild.key")),
            9099,
            Path.of("/d/default.crt"),
            Path.of("/d/default.key"));
    Route shop =
        new Route(
            "shop.acme.apps.example.com",
            List.of("shop.example.net"),
            List.of(Path.of("/r/shop/slot-0.sock")),
            Route.DEFAULT_TIMEOUT);

    String rendered = HttpdConfig.vhosts(List.of(shop), Path.of("/e"), both, Set.of());

    assertThat(rendered)
        .contains("MDomain shop.example.net\n")
        .doesNotContain("MDomain shop.acme.apps.example.com")
        .contains(
            "ServerName shop.acme.apps.example.com\n    SSLEngine on\n    SSLCertificateFile \"/etc/tls/wild.crt\"\n")
        .contains("=shop.acme.apps.example.com [NC]");
  }

  @Test
  void theMainConfigurationLoadsTlsAndHttp2AndMapsTheAcmePortsToTheEdges() {
    String main =
        HttpdConfig.main(
            new HttpdLayout(Path.of("/srv/paddock/httpd")),
            httpd(),
            Path.of("/srv/paddock/httpd/vhosts.conf"),
            https);

    assertThat(main)
        .contains("Listen 0.0.0.0:443\n")
        .contains("Protocols h2 http/1.1\n")
        .contains("MDCertificateAuthority https://acme.example.org/dir\n")
        .contains("MDContactEmail ops@example.com\n")
        .contains("MDPortMap 80:80 443:443\n")
        .contains("MDCertificateStatus off\nMDRenewWindow 33%\nMDCheckInterval 43200s\n")
        .contains("Listen 127.0.0.1:9099\n<VirtualHost 127.0.0.1:9099>")
        .doesNotContain("MDCACertificateFile");
    assertThat(main.indexOf("LoadModule md_module")).isLessThan(main.indexOf("Include "));
  }

  private static HttpdProperties httpd() {
    return TestHttpd.managed(false);
  }

  private String expected(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
