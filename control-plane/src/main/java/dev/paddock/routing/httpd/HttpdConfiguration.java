package dev.paddock.routing.httpd;

import dev.paddock.Installation;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Router;
import java.io.IOException;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the httpd router in managed mode (the default) or external mode. */
@Configuration(proxyBeanMethods = false)
class HttpdConfiguration {

  @Bean
  HttpdLayout httpdLayout(Installation installation) {
    return new HttpdLayout(installation.dir("httpd"));
  }

  @Bean
  @ConditionalOnProperty(
      name = "paddock.edge.httpd.mode",
      havingValue = "managed",
      matchIfMissing = true)
  ManagedHttpd managedHttpd(HttpdLayout layout, EdgeProperties edge, HttpdProperties httpd) {
    return new ManagedHttpd(layout, edge, httpd);
  }

  @Bean
  @ConditionalOnProperty(
      name = "paddock.edge.httpd.mode",
      havingValue = "managed",
      matchIfMissing = true)
  Router managedHttpdRouter(
      HttpdLayout layout, EdgeProperties edge, HttpdProperties httpd, ManagedHttpd server) {
    return new HttpdRouter(layout, layout.vhosts(), edge, httpd, server::reload);
  }

  @Bean
  @ConditionalOnProperty(name = "paddock.edge.httpd.mode", havingValue = "external")
  Router externalHttpdRouter(HttpdLayout layout, EdgeProperties edge, HttpdProperties httpd)
      throws IOException {
    layout.prepare();
    var vhosts =
        Objects.requireNonNull(
            httpd.vhostsFile(), "paddock.edge.httpd.vhosts-file is required in external mode");
    var reload = new Command(httpd.reloadCommand());
    return new HttpdRouter(
        layout, vhosts, edge, httpd, () -> reload.runOrThrow("Reloading the system httpd"));
  }
}
