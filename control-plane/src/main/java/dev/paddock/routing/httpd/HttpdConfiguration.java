package dev.paddock.routing.httpd;

import dev.paddock.Installation;
import dev.paddock.routing.AcmeProperties;
import dev.paddock.routing.Certificates;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.TlsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the httpd router in managed mode (the default) or external mode. */
@Configuration(proxyBeanMethods = false)
class HttpdConfiguration {

  private static final Logger log = LoggerFactory.getLogger(HttpdConfiguration.class);

  @Bean
  HttpdLayout httpdLayout(Installation installation) {
    return new HttpdLayout(installation.dir("httpd"));
  }

  /**
   * HTTPS at the managed edge when configured; the status port is chosen now when left to us, so
   * every rendering of the configuration names the same one.
   */
  @Bean
  Https https(
      HttpdLayout layout,
      EdgeProperties edge,
      AcmeProperties acme,
      TlsProperties tls,
      HttpdProperties httpd,
      Environment environment) {
    if (httpd.mode() == HttpdProperties.Mode.EXTERNAL) {
      if (acme.enabled() || tls.enabled()) {
        log.warn("HTTPS is served by a managed httpd only: the system httpd's is yours to set up");
      }
      return Https.off(edge);
    }
    int status = acme.statusPort() != 0 ? acme.statusPort() : freeLoopbackPort();
    return new Https(
        edge,
        acme,
        tls,
        status,
        layout.defaultCertificate(),
        layout.defaultKey(),
        console(edge, environment));
  }

  /** The control plane's own HTTP address, for the console host; null when there is none. */
  private static URI console(EdgeProperties edge, Environment environment) {
    if (edge.consoleHost() == null) {
      return null;
    }
    int port = environment.getProperty("server.port", Integer.class, 8080);
    if (port <= 0) {
      log.warn(
          "paddock.edge.console-host needs a fixed server.port; the console is not at the edge");
      return null;
    }
    String address = environment.getProperty("server.address", "127.0.0.1");
    if (address.equals("0.0.0.0") || address.equals("::")) {
      address = "127.0.0.1";
    }
    return URI.create(
        "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/");
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Bean
  @ConditionalOnProperty(
      name = "paddock.edge.httpd.mode",
      havingValue = "managed",
      matchIfMissing = true)
  ManagedHttpd managedHttpd(HttpdLayout layout, HttpdProperties httpd, Clock clock, Https https) {
    return new ManagedHttpd(layout, httpd, clock, https);
  }

  /** The certificates of the managed edge, watched when they come from ACME. */
  @Bean
  @ConditionalOnProperty(
      name = "paddock.edge.httpd.mode",
      havingValue = "managed",
      matchIfMissing = true)
  CertificateWatch certificateWatch(
      Https https, HttpdRouter router, ManagedHttpd server, ApplicationEventPublisher events) {
    CertificateWatch watch = new CertificateWatch(https, router, server, events);
    router.securedBy(watch::secured);
    return watch;
  }

  /** An external httpd's certificates are its admin's business. */
  @Bean
  @ConditionalOnProperty(name = "paddock.edge.httpd.mode", havingValue = "external")
  Certificates noCertificates() {
    return host -> Optional.empty();
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
      MeterRegistry meters,
      ApplicationEventPublisher events) {
    return new HttpdSupervisor(
        server,
        new EdgeProbe(edge, supervision.probeTimeout()),
        new ErrorLog(layout.errorLog()),
        supervision,
        clock,
        meters,
        events);
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
  HttpdRouter managedHttpdRouter(
      HttpdLayout layout, HttpdProperties httpd, ManagedHttpd server, Https https) {
    return new HttpdRouter(layout, layout.vhosts(), httpd, server::reload, https);
  }

  @Bean
  @ConditionalOnProperty(name = "paddock.edge.httpd.mode", havingValue = "external")
  HttpdRouter externalHttpdRouter(HttpdLayout layout, EdgeProperties edge, HttpdProperties httpd)
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
