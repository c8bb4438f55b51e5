package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

  private String expected(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
