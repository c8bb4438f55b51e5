package dev.paddock.routing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One app at the edge: the host name it answers to (and its own host names, {@code aliases}), where
 * its traffic goes, and how long the edge waits for an answer. Traffic goes either to the stable
 * Unix socket of each of its instances, slot by slot, or to one {@code service} address that the
 * engine balances. Neither changes across deploys; {@link Router#switchTo} changes what is behind a
 * socket.
 */
public record Route(
    String host, List<String> aliases, List<Path> sockets, URI service, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(65);

  public Route {
    aliases = List.copyOf(aliases);
    sockets = List.copyOf(sockets);
    if (sockets.isEmpty() == (service == null)) {
      throw new IllegalArgumentException("A route needs sockets or a service, not both: " + host);
    }
  }

  public Route(String host, List<String> aliases, List<Path> sockets, Duration timeout) {
    this(host, aliases, sockets, null, timeout);
  }

  public Route(String host, List<Path> sockets, Duration timeout) {
    this(host, List.of(), sockets, timeout);
  }

  public Route(String host, Path socket) {
    this(host, List.of(socket), DEFAULT_TIMEOUT);
  }

  /** A route to an address the engine balances. */
  public static Route toService(String host, List<String> aliases, URI service, Duration timeout) {
    return new Route(host, aliases, List.of(), service, timeout);
  }
}
