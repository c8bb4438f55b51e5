package dev.paddock.routing.httpd;

import dev.paddock.routing.AcmeProperties;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.TlsProperties;
import java.net.URI;
import java.nio.file.Path;

/**
 * HTTPS at the managed edge: on when an ACME directory or the admin's certificate is configured.
 * Names under the base domain take the admin's certificate when there is one; every other name
 * (and, without one, every name) gets its own certificate from ACME through httpd's {@code mod_md}.
 *
 * @param statusPort the loopback port of httpd's certificate status ({@code md-status})
 * @param defaultCertificate a self-signed certificate for the virtual host that answers unknown
 *     names: an SSL host without any certificate makes httpd exit at its next reload, though {@code
 *     httpd -t} passes
 * @param console where the edge sends the console host's requests (the control plane's own HTTP
 *     address); null: no console host is served
 * @param acmeCa the copy of the ACME server's CA certificate httpd reads; null: the layout's
 * @param store {@code mod_md}'s store ({@code MDStoreDir}); null: the layout's for a managed httpd,
 *     the system httpd's own default for an external one
 * @param external whether the edge is the admin's httpd: Paddock's file then carries {@code
 *     mod_md}'s settings and its status host, and the admin's configuration loads the modules and
 *     listens on the ports
 */
record Https(
    EdgeProperties edge,
    AcmeProperties acme,
    TlsProperties tls,
    int statusPort,
    Path defaultCertificate,
    Path defaultKey,
    URI console,
    Path acmeCa,
    Path store,
    boolean external) {

  Https(
      EdgeProperties edge,
      AcmeProperties acme,
      TlsProperties tls,
      int statusPort,
      Path defaultCertificate,
      Path defaultKey,
      URI console) {
    this(edge, acme, tls, statusPort, defaultCertificate, defaultKey, console, null, null, false);
  }

  Https(
      EdgeProperties edge,
      AcmeProperties acme,
      TlsProperties tls,
      int statusPort,
      Path defaultCertificate,
      Path defaultKey) {
    this(edge, acme, tls, statusPort, defaultCertificate, defaultKey, null);
  }

  static Https off(EdgeProperties edge) {
    return new Https(edge, AcmeProperties.none(), TlsProperties.none(), 0, null, null);
  }

  /** The console's host name when the edge serves it, else null. */
  String consoleHost() {
    return enabled() && console != null ? edge.consoleHost() : null;
  }

  boolean enabled() {
    return acme.enabled() || tls.enabled();
  }

  /** Whether the host is served with the admin's certificate. */
  boolean fromFiles(String host) {
    return tls.enabled() && host.endsWith("." + edge.baseDomain());
  }

  /** Whether httpd gets the host's certificate from the ACME directory. */
  boolean managed(String host) {
    return acme.enabled() && !fromFiles(host);
  }

  /** Whether the host has an HTTPS virtual host at all. */
  boolean served(String host) {
    return fromFiles(host) || managed(host);
  }

  /** The port in redirects to HTTPS: none when it is HTTPS's own. */
  String portSuffix() {
    int port = edge.reachedHttpsPort();
    return port == 443 ? "" : ":" + port;
  }
}
