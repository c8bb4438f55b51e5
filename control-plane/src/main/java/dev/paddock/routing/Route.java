package dev.paddock.routing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One app at the edge: the host name it answers to (and its own host names, {@code aliases}), the
 * stable Unix socket of each of its instances, slot by slot, and how long the edge waits for an
 * answer. The paths never change across deploys; {@link Router#switchTo} changes what is behind one
 * of them.
 */
public record Route(String host, List<String> aliases, List<Path> sockets, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(65);

  public Route {
    aliases = List.copyOf(aliases);
    sockets = List.copyOf(sockets);
    if (sockets.isEmpty()) {
      throw new IllegalArgumentException("A route needs at least one socket: " + host);
    }
  }

  public Route(String host, List<Path> sockets, Duration timeout) {
    this(host, List.of(), sockets, timeout);
  }

  public Route(String host, Path socket) {
    this(host, List.of(socket), DEFAULT_TIMEOUT);
  }
}
