package dev.paddock.routing;

import java.util.Collection;

/** Puts apps on the edge web server. Implementations are thread-safe. */
public interface Router {

  /**
   * Makes the edge serve exactly these routes. Idempotent: unchanged routes change nothing. A
   * candidate configuration is validated before it replaces the last good one, and is applied
   * without dropping requests in flight; throws {@link RoutingException} when it is refused.
   */
  void sync(Collection<Route> routes);
}
