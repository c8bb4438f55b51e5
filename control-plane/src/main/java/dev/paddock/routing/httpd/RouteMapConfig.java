package dev.paddock.routing.httpd;

import dev.paddock.routing.Route;
import dev.paddock.routing.Upstream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The route map's part of httpd's configuration: which apps are entries of the map ({@link
 * RouteMap}) rather than hosts of their own, the map's entries, and the directives that look a
 * request's name up in it and proxy to what it gives. Values are ours: timeouts, flags and socket
 * paths; keys are validated host names.
 */
final class RouteMapConfig {

  private static final String HTTPS_ONLY = "h";

  /**
   * An entry, {@code t<seconds>|<h or ->|<socket>}, after the name and a space in {@link #lookup}'s
   * condition, then the request line: the timeout, the flag, the socket and the path as the client
   * sent it (not decoded; the query string follows from httpd, which never decodes it).
   */
  private static final String ENTRY_AND_REQUEST =
      "^t([0-9]+)\\|([h-])\\|(/\\S+) \\S+ (?:https?://[^/\\s]+)?(/[^?\\s]*)";

  private RouteMapConfig() {}

  /**
   * Whether a route can be an entry of the map: to one socket (several are a balancer) whose path
   * has no white space (the map's separator), and none of its names served with a certificate of
   * its own from ACME (which needs a host per name); names under the base domain with the admin's
   * certificate are served from the map over HTTPS too ({@link #httpsHost}).
   */
  static boolean mapped(Route route, Https https) {
    return route.upstream() instanceof Upstream.Sockets sockets
        && sockets.slots().size() == 1
        && !sockets.slots().getFirst().toString().matches("(?s).*\\s.*")
        && route.names().stream().noneMatch(https::managed);
  }

  /** The names of routes that have a host of their own. */
  static Set<String> ownNames(Collection<Route> routes, Https https) {
    return routes.stream()
        .filter(route -> !mapped(route, https))
        .flatMap(route -> route.names().stream())
        .collect(Collectors.toSet());
  }

  /**
   * Each name of a {@link #mapped} route to its timeout in seconds, whether HTTP goes to HTTPS for
   * it ({@code h}: HTTPS-only with the admin's certificate) and its socket.
   */
  static Map<String, String> entries(Collection<Route> routes, Https https) {
    Map<String, String> entries = new TreeMap<>();
    for (Route route : routes) {
      if (mapped(route, https)) {
        Path socket = ((Upstream.Sockets) route.upstream()).slots().getFirst();
        for (String name : route.names()) {
          String flag = route.httpsOnly() && https.fromFiles(name) ? HTTPS_ONLY : "-";
          entries.put(
              name.toLowerCase(Locale.ROOT),
              "t%d|%s|%s".formatted(route.timeout().toSeconds(), flag, socket));
        }
      }
    }
    return entries;
  }

  /** One worker per timeout the map's routes use, with what every app's own proxy had. */
  static String workers(Collection<Route> routes, Https https) {
    return routes.stream()
        .filter(route -> mapped(route, https))
        .map(route -> route.timeout().toSeconds())
        .distinct()
        .sorted()
        .map(
            timeout ->
                """
                <Proxy "http://t%d.paddock.invalid/">
                    ProxySet retry=0 ttl=2 timeout=%d upgrade=websocket
                </Proxy>
                """
                    .formatted(timeout, timeout))
        .collect(Collectors.joining());
  }

  /**
   * For the host of unknown names on the HTTP port: with HTTPS, a name whose entry is HTTPS-only
   * goes to HTTPS (but the CA's challenges), and the app is told the scheme; then the lookup.
   */
  static String httpHost(Path map, Https https) {
    if (!https.enabled()) {
      return lookup(map, "");
    }
    return HttpsConfig.forwarded("http")
        + lookup(
            map,
            """
                RewriteCond "${routes:${lower:%%{SERVER_NAME}}|-}" "^t[0-9]+\\|h\\|"
                RewriteRule "^/(?!\\.well-known/acme-challenge/)(.*)$" "https://%%{SERVER_NAME}%s/$1" [R=301,L]
            """
                .formatted(https.portSuffix()));
  }

  /**
   * With the admin's certificate, the HTTPS host of every name under the base domain that has no
   * host of its own: placed after all others, so its wildcard never shadows one. An HTTPS-only
   * app's answers ask browsers to come back over HTTPS only; a name not in the map is a 404.
   */
  static String httpsHost(Path map, Path errors, Https https) {
    if (!https.tls().enabled()) {
      return "";
    }
    return """
        <VirtualHost *:%d>
            ServerName routes.paddock.invalid
            ServerAlias *.%s
            SSLEngine on
        %s    SSLCertificateFile "%s"
            SSLCertificateKeyFile "%s"
        %s    Header always set Strict-Transport-Security "max-age=31536000" "expr=reqenv('PADDOCK_HTTPS_ONLY') == 'h'"
            Alias %s "%s/"
            ErrorDocument 404 %s404.html
        %s    RedirectMatch 404 "^/(?!\\.paddock/)"
        </VirtualHost>
        """
        .formatted(
            https.edge().httpsPort(),
            https.edge().baseDomain(),
            HttpsConfig.protocols(https),
            https.tls().certificate(),
            https.tls().key(),
            HttpsConfig.forwarded("https"),
            HttpdConfig.ERRORS,
            errors,
            HttpdConfig.ERRORS,
            lookup(map, ""));
  }

  /**
   * Proxies a request whose name is in the map to the socket the map gives, through the worker of
   * its timeout, after the {@code rules} given; the edge's own pages are never proxied. A name the
   * map does not hold matches nothing here.
   */
  private static String lookup(Path map, String rules) {
    return """
            ErrorDocument 502 %1$s503.html
            ErrorDocument 503 %1$s503.html
            ProxyPreserveHost On
            RewriteEngine On
            RewriteMap lower "int:tolower"
            RewriteMap routes "dbm=db:%2$s"
        %3$s    RewriteCond "%%{REQUEST_URI}" "!^/\\.paddock/"
            RewriteCond "${routes:${lower:%%{SERVER_NAME}}|-} %%{THE_REQUEST}" "%4$s"
            RewriteRule "^" "unix:%%3|http://t%%1.paddock.invalid%%4" [P,NE,E=PADDOCK_HTTPS_ONLY:%%2]
        """
        .formatted(HttpdConfig.ERRORS, map, rules, ENTRY_AND_REQUEST);
  }
}
