package dev.paddock.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The edge where tenants' apps are served ({@code paddock.edge.*}): httpd listens on {@code
 * address:port}; apps are at {@code {publicScheme}://{app}.{tenant}.{baseDomain}:{publicPort}/}.
 *
 * @param publicScheme the scheme of apps' URLs: {@code https} where a load balancer or ingress in
 *     front of the edge terminates TLS
 * @param publicPort the port of apps' URLs when it is not httpd's own (behind a load balancer or
 *     ingress); unset: httpd's
 * @param httpsPort where httpd serves HTTPS (with HTTP/2) once an ACME directory or a certificate
 *     is configured ({@code paddock.edge.acme.*}, {@code paddock.edge.tls.*}); unused otherwise
 * @param consoleHost a host name of its own for the dashboard and API at the edge, served over
 *     HTTPS with a certificate like any app's (HTTP on it redirects); unset: the control plane's
 *     own address only
 * @param publicHttpsPort the HTTPS port clients reach when it is not httpd's own (a published or
 *     load-balanced 443 in front of the edge's HTTPS port): the port in redirects to HTTPS; unset:
 *     httpd's
 */
@ConfigurationProperties("paddock.edge")
public record EdgeProperties(
    @DefaultValue("localhost") String baseDomain,
    @DefaultValue("127.0.0.1") String address,
    @DefaultValue("8000") int port,
    @DefaultValue("http") String publicScheme,
    Integer publicPort,
    @DefaultValue("8443") int httpsPort,
    String consoleHost,
    Integer publicHttpsPort) {

  public EdgeProperties(String baseDomain, String address, int port) {
    this(baseDomain, address, port, "http", null);
  }

  public EdgeProperties(
      String baseDomain, String address, int port, String publicScheme, Integer publicPort) {
    this(baseDomain, address, port, publicScheme, publicPort, 8443);
  }

  public EdgeProperties(
      String baseDomain,
      String address,
      int port,
      String publicScheme,
      Integer publicPort,
      int httpsPort) {
    this(baseDomain, address, port, publicScheme, publicPort, httpsPort, null);
  }

  public EdgeProperties(
      String baseDomain,
      String address,
      int port,
      String publicScheme,
      Integer publicPort,
      int httpsPort,
      String consoleHost) {
    this(baseDomain, address, port, publicScheme, publicPort, httpsPort, consoleHost, null);
  }

  @ConstructorBinding
  public EdgeProperties {
    if (!publicScheme.equals("http") && !publicScheme.equals("https")) {
      throw new IllegalArgumentException(
          "paddock.edge.public-scheme must be http or https, got " + publicScheme);
    }
    if (!baseDomain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
      throw new IllegalArgumentException(
          "paddock.edge.base-domain is not a host name: " + baseDomain);
    }
    // Empty, as a compose file's unset variable gives it: none.
    consoleHost = consoleHost == null || consoleHost.isBlank() ? null : consoleHost;
    if (consoleHost != null
        && !consoleHost.matches(
            "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
      throw new IllegalArgumentException(
          "paddock.edge.console-host is not a host name such as paddock.example.com: "
              + consoleHost);
    }
  }

  /** The HTTPS port clients reach. */
  public int reachedHttpsPort() {
    return publicHttpsPort != null ? publicHttpsPort : httpsPort;
  }

  public String host(String tenant, String app) {
    return app + "." + tenant + "." + baseDomain;
  }

  public String url(String tenant, String app) {
    int shown = publicPort != null ? publicPort : port;
    boolean usual = shown == (publicScheme.equals("https") ? 443 : 80);
    return publicScheme + "://" + host(tenant, app) + (usual ? "" : ":" + shown) + "/";
  }
}
