package dev.paddock.routing;

import java.nio.file.Path;
import java.util.Collection;

/** Puts apps on the edge web server. Implementations are thread-safe. */
public interface Router {

  /**
   * Makes the edge serve exactly these routes. Idempotent: unchanged routes change nothing. A
   * candidate configuration is validated before it replaces the last good one, and is applied
   * without dropping requests in flight; throws {@link RoutingException} when it is refused.
   */
  void sync(Collection<Route> routes);

  /**
   * Sends new connections for one of a route's stable sockets to the socket a new sandbox listens
   * on, atomically and without touching the web server's configuration; connections already open
   * finish where they are.
   */
  void switchTo(Path instanceSocket, Path stableSocket);
}
