package dev.paddock.routing.httpd;

import dev.paddock.Installation;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Router;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
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
  ManagedHttpd managedHttpd(
      HttpdLayout layout, EdgeProperties edge, HttpdProperties httpd, Clock clock) {
    return new ManagedHttpd(layout, edge, httpd, clock);
  }

  @Bean
  @ConditionalOnProperty(
      name = "paddock.edge.httpd.mode",
      havingValue = "managed",
      matchIfMissing = true)
  HttpdSupervisor httpdSupervisor(
      ManagedHttpd server,
      HttpdLayout layout,
      EdgeProperties edge,
      SupervisionProperties supervision,
      Clock clock,
      MeterRegistry meters) {
    return new HttpdSupervisor(
        server,
        new EdgeProbe(edge, supervision.probeTimeout()),
        new ErrorLog(layout.errorLog()),
        supervision,
        clock,
        meters);
  }

  /** The edge's health indicator, {@code edge} in {@code /actuator/health}. */
  @Bean
  EdgeHealth edgeHealthIndicator(
      ObjectProvider<HttpdSupervisor> supervisor,
      EdgeProperties edge,
      SupervisionProperties supervision) {
    HttpdSupervisor managed = supervisor.getIfAvailable();
    return managed != null
        ? EdgeHealth.managed(managed)
        : EdgeHealth.external(new EdgeProbe(edge, supervision.probeTimeout()));
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
