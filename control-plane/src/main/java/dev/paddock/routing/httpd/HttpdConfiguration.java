package dev.paddock.routing.httpd;

import dev.paddock.Installation;
import dev.paddock.routing.AcmeProperties;
import dev.paddock.routing.EdgeContainer;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.RoutingException;
import dev.paddock.routing.TlsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
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
    int status = acme.statusPort() != 0 ? acme.statusPort() : freeLoopbackPort();
    boolean external = httpd.mode() == HttpdProperties.Mode.EXTERNAL;
    return new Https(
        edge,
        acme,
        tls,
        status,
        layout.defaultCertificate(),
        layout.defaultKey(),
        console(edge, environment),
        layout.acmeCa(),
        external ? acme.store() : (acme.store() != null ? acme.store() : layout.md()),
        external);
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
  ManagedHttpd managedHttpd(
      HttpdLayout layout,
      HttpdProperties httpd,
      Clock clock,
      Https https,
      ObjectProvider<EdgeContainer> containers) {
    EdgeContainer container = containers.getIfAvailable();
    boolean inContainer =
        switch (httpd.launch()) {
          case CONTAINER -> true;
          case PROCESS -> false;
          case AUTO -> !Installation.asRoot() && container != null;
        };
    if (!inContainer) {
      if (!Installation.asRoot() && container != null) {
        log.warn(
            "httpd runs as the control plane's own user, which may use Docker: set paddock.edge.httpd.launch=container, or run the edge as another user in external mode");
      }
      return new ManagedHttpd(layout, httpd, clock, https);
    }
    return new ManagedHttpd(
        layout,
        httpd,
        clock,
        https,
        new ContainerHttpd(
            layout,
            httpd,
            https,
            Objects.requireNonNull(
                container, "paddock.edge.httpd.launch=container needs the Docker sandbox driver")));
  }

  /** The edge's certificates (managed or external httpd), watched when they come from ACME. */
  @Bean
  CertificateWatch certificateWatch(
      Https https, HttpdRouter router, ApplicationEventPublisher events) {
    CertificateWatch watch = new CertificateWatch(https, router, events);
    router.securedBy(watch::secured);
    return watch;
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
      SupervisionProperties supervision,
      CertificateWatch certificates) {
    HttpdSupervisor managed = supervisor.getIfAvailable();
    return managed != null
        ? EdgeHealth.managed(managed)
        : EdgeHealth.external(
            new EdgeProbe(edge, supervision.probeTimeout()), certificates::problem);
  }

  @Bean
  @ConditionalOnProperty(
      name = "paddock.edge.httpd.mode",
      havingValue = "managed",
      matchIfMissing = true)
  HttpdRouter managedHttpdRouter(
      HttpdLayout layout, HttpdProperties httpd, ManagedHttpd server, Https https) {
    return new HttpdRouter(
        layout,
        layout.vhosts(),
        httpd,
        server::reload,
        https,
        httpd.routeMap() ? RouteMap.in(layout).orElse(null) : null);
  }

  @Bean
  @ConditionalOnProperty(name = "paddock.edge.httpd.mode", havingValue = "external")
  HttpdRouter externalHttpdRouter(HttpdLayout layout, HttpdProperties httpd, Https https)
      throws IOException {
    layout.prepare();
    layout.prepareHttps(https);
    var vhosts =
        Objects.requireNonNull(
            httpd.vhostsFile(), "paddock.edge.httpd.vhosts-file is required in external mode");
    return new HttpdRouter(layout, vhosts, httpd, externalReload(httpd, https), https);
  }

  /**
   * Reloads the admin's httpd with its command; when it refuses Paddock's HTTPS directives, the
   * error says which modules its configuration must load.
   */
  static Runnable externalReload(HttpdProperties httpd, Https https) {
    Command command = new Command(httpd.reloadCommand());
    return () -> reload(command, https);
  }

  private static void reload(Command reload, Https https) {
    Command.Result result = reload.run();
    if (result.ok()) {
      return;
    }
    String hint =
        https.enabled() && result.output().contains("Invalid command")
            ? "; with HTTPS on, the system httpd must load "
                + HttpsConfig.MODULES
                + " and listen on the edge's HTTP and HTTPS ports"
            : "";
    throw new RoutingException(
        "Reloading the system httpd failed (exit %d): %s%s"
            .formatted(result.exit(), result.output(), hint),
        null);
  }
}
