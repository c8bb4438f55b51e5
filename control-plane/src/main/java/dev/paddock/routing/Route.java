package dev.paddock.routing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * One app at the edge: the host name it answers to (and its own host names, {@code aliases}), where
 * its traffic goes, and how long the edge waits for an answer. Traffic goes either to the stable
 * Unix socket of each of its instances, slot by slot, or to one {@code service} address that the
 * engine balances. Neither changes across deploys; {@link Router#switchTo} changes what is behind a
 * socket. {@code httpsOnly}: where the edge serves HTTPS, each of its names that has a certificate
 * redirects HTTP to HTTPS and asks browsers to come back over HTTPS only (HSTS).
 */
public record Route(
    String host,
    List<String> aliases,
    List<Path> sockets,
    URI service,
    Duration timeout,
    boolean httpsOnly) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(65);

  public Route {
    aliases = List.copyOf(aliases);
    sockets = List.copyOf(sockets);
    if (sockets.isEmpty() == (service == null)) {
      throw new IllegalArgumentException("A route needs sockets or a service, not both: " + host);
    }
  }

  public Route(String host, List<String> aliases, List<Path> sockets, Duration timeout) {
    this(host, aliases, sockets, null, timeout, true);
  }

  public Route(String host, List<Path> sockets, Duration timeout) {
    this(host, List.of(), sockets, timeout);
  }

  public Route(String host, Path socket) {
    this(host, List.of(socket), DEFAULT_TIMEOUT);
  }

  /** A route to an address the engine balances. */
  public static Route toService(String host, List<String> aliases, URI service, Duration timeout) {
    return new Route(host, aliases, List.of(), service, timeout, true);
  }

  /** The same route, HTTPS-only or not. */
  public Route httpsOnly(boolean only) {
    return new Route(host, aliases, sockets, service, timeout, only);
  }

  /** The host name Paddock gives the app, then the app's own. */
  public List<String> names() {
    return Stream.concat(Stream.of(host), aliases.stream()).toList();
  }
}
