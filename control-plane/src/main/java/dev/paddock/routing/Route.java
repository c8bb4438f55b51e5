package dev.paddock.routing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * One app at the edge: the host name it answers to (and its own host names, {@code aliases}), the
 * {@link Upstream} its traffic goes to, and how long the edge waits for an answer. None of these
 * changes across deploys: the engine changes what is behind the upstream. {@code httpsOnly}: where
 * the edge serves HTTPS, each of its names that has a certificate redirects HTTP to HTTPS and asks
 * browsers to come back over HTTPS only (HSTS).
 */
public record Route(
    String host, List<String> aliases, Upstream upstream, Duration timeout, boolean httpsOnly) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(65);

  public Route {
    aliases = List.copyOf(aliases);
  }

  public Route(String host, List<String> aliases, Upstream upstream, Duration timeout) {
    this(host, aliases, upstream, timeout, true);
  }

  public Route(String host, List<String> aliases, List<Path> sockets, Duration timeout) {
    this(host, aliases, new Upstream.Sockets(sockets), timeout);
  }

  public Route(String host, List<Path> sockets, Duration timeout) {
    this(host, List.of(), sockets, timeout);
  }

  public Route(String host, Path socket) {
    this(host, List.of(socket), DEFAULT_TIMEOUT);
  }

  /** A route to an address the engine balances. */
  public static Route toService(String host, List<String> aliases, URI service, Duration timeout) {
    return new Route(host, aliases, new Upstream.Service(service), timeout);
  }

  /** The same route, HTTPS-only or not. */
  public Route httpsOnly(boolean only) {
    return new Route(host, aliases, upstream, timeout, only);
  }

  /** The host name Paddock gives the app, then the app's own. */
  public List<String> names() {
    return Stream.concat(Stream.of(host), aliases.stream()).toList();
  }
}
