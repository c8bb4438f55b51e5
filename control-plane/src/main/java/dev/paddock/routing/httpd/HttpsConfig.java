package dev.paddock.routing.httpd;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Renders the HTTPS part of httpd's configuration: TLS and HTTP/2, {@code mod_md} and its status,
 * each name's HTTPS host and the redirects to it. Values are ours or validated host names, as in
 * {@link HttpdConfig}.
 */
final class HttpsConfig {

  /** The modules Paddock's HTTPS hosts need besides those of its HTTP hosts. */
  static final String MODULES = "ssl, http2, md, headers, rewrite and socache_shmcb";

  private HttpsConfig() {}

  /**
   * HTTPS with HTTP/2 in httpd's main configuration: the port, the modules and, for a managed
   * httpd, the settings (an external httpd finds those in Paddock's file, {@link #settings}).
   */
  static String tls(HttpdLayout layout, Https https) {
    EdgeProperties edge = https.edge();
    return """
        Listen %s:%d
        LoadModule headers_module modules/mod_headers.so
        LoadModule socache_shmcb_module modules/mod_socache_shmcb.so
        LoadModule ssl_module modules/mod_ssl.so
        LoadModule http2_module modules/mod_http2.so
        %s"""
            .formatted(
                edge.address(),
                edge.httpsPort(),
                https.acme().enabled() ? "LoadModule md_module modules/mod_md.so\n" : "")
        + (https.external()
            ? ""
            : """
                Protocols h2 http/1.1
                SSLSessionCache "shmcb:%s/ssl_scache(512000)"
                SSLProtocol -all +TLSv1.2 +TLSv1.3
                """
                    .formatted(layout.run())
                + settings(
                    https,
                    https.store() != null ? https.store() : layout.md(),
                    https.acmeCa() != null ? https.acmeCa() : layout.acmeCa()));
  }

  /**
   * {@code mod_md} getting certificates: it answers the CA's HTTP-01 challenges itself on the
   * edge's HTTP port, which the CA reaches as port 80. Its status is served on a loopback port
   * only; its public status page is off, so every path stays the app's. The store is locked while
   * it is updated, so edges that share one (the Helm chart's replicas) take turns.
   *
   * @param store the {@code MDStoreDir}; null: httpd's default
   * @param ca the copy of the ACME server's CA certificate, when there is one
   */
  static String settings(Https https, Path store, Path ca) {
    var acme = https.acme();
    if (!acme.enabled()) {
      return "";
    }
    EdgeProperties edge = https.edge();
    return """
        %sMDCertificateAuthority %s
        MDCertificateAgreement accepted
        MDStoreLocks on
        MDContactEmail %s
        MDPortMap 80:%d 443:%d
        MDCertificateStatus off
        MDRenewWindow %s
        MDCheckInterval %ds
        %sListen 127.0.0.1:%d
        <VirtualHost 127.0.0.1:%d>
            ServerName status.paddock.invalid
            <Location "/md-status">
                SetHandler md-status
            </Location>
        </VirtualHost>
        """
        .formatted(
            store == null ? "" : "MDStoreDir \"%s\"\n".formatted(store),
            acme.directory(),
            acme.email(),
            edge.port(),
            edge.httpsPort(),
            acme.renewWindow(),
            acme.renewCheckInterval().toSeconds(),
            acme.caCertificate() == null ? "" : "MDCACertificateFile \"%s\"\n".formatted(ca),
            https.statusPort(),
            https.statusPort());
  }

  /**
   * What the app is told of the request: the scheme it came in with, and the client's address alone
   * (httpd appends it), whatever the client claimed in these headers.
   */
  static String forwarded(String scheme) {
    return """
            RequestHeader set X-Forwarded-Proto "%s"
            RequestHeader unset X-Forwarded-For early
        """
        .formatted(scheme);
  }

  /** HTTPS-only: the names with a certificate go to HTTPS, except for the CA's challenges. */
  static String redirect(Route route, Https https, Set<String> secured) {
    List<String> names = route.names().stream().filter(secured::contains).toList();
    if (!route.httpsOnly() || names.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("    RewriteEngine On\n");
    for (int i = 0; i < names.size(); i++) {
      out.append(
          "    RewriteCond %%{SERVER_NAME} =%s [NC%s]\n"
              .formatted(names.get(i), i < names.size() - 1 ? ",OR" : ""));
    }
    return out.append(
            "    RewriteRule \"^/(?!\\.well-known/acme-challenge/)(.*)$\" \"https://%%{SERVER_NAME}%s/$1\" [R=301,L]\n"
                .formatted(https.portSuffix()))
        .toString();
  }

  /** One name of an app over HTTPS, with the admin's certificate or its own from ACME. */
  static String secure(Route route, String name, Path errors, Https https, boolean secured) {
    String certificate =
        https.fromFiles(name)
            ? "    SSLCertificateFile \"%s\"\n    SSLCertificateKeyFile \"%s\"\n"
                .formatted(https.tls().certificate(), https.tls().key())
            : "";
    String hsts =
        route.httpsOnly() && secured
            ? "    Header always set Strict-Transport-Security \"max-age=31536000\"\n"
            : "";
    return """
        <VirtualHost *:%d>
            ServerName %s
            SSLEngine on
        %s%s%s%s%s</VirtualHost>
        """
        .formatted(
            https.edge().httpsPort(),
            name,
            protocols(https),
            certificate,
            forwarded("https"),
            hsts,
            HttpdConfig.body(route, errors, name + ".tls"));
  }

  /**
   * In the admin's httpd, HTTP/2 and modern TLS on Paddock's hosts only; the managed httpd has them
   * for all.
   */
  static String protocols(Https https) {
    return https.external()
        ? "    Protocols h2 http/1.1\n    SSLProtocol -all +TLSv1.2 +TLSv1.3\n"
        : "";
  }

  /**
   * The console (dashboard and API) on its own name: HTTP redirects to HTTPS, except for the CA's
   * challenges; HTTPS proxies to the control plane, which is told the scheme, port and client, so
   * its session cookie is {@code Secure} there.
   */
  static String console(Https https) {
    String host = https.consoleHost();
    if (host == null) {
      return "";
    }
    EdgeProperties edge = https.edge();
    String certificate =
        https.fromFiles(host)
            ? "    SSLCertificateFile \"%s\"\n    SSLCertificateKeyFile \"%s\"\n"
                .formatted(https.tls().certificate(), https.tls().key())
            : "";
    return """
        %s<VirtualHost *:%d>
            ServerName %s
            RewriteEngine On
            RewriteRule "^/(?!\\.well-known/acme-challenge/)(.*)$" "https://%s%s/$1" [R=301,L]
        </VirtualHost>
        <VirtualHost *:%d>
            ServerName %s
            SSLEngine on
        %s%s    RequestHeader set X-Forwarded-Proto "https"
            RequestHeader set X-Forwarded-Port "%d"
            RequestHeader unset X-Forwarded-For early
            Header always set Strict-Transport-Security "max-age=31536000"
            ProxyPreserveHost On
            ProxyPass / "%s" retry=0 timeout=3600
        </VirtualHost>
        """
        .formatted(
            https.managed(host) ? "MDomain " + host + "\n" : "",
            edge.port(),
            host,
            host,
            https.portSuffix(),
            edge.httpsPort(),
            host,
            protocols(https),
            certificate,
            edge.reachedHttpsPort(),
            https.console());
  }
}
