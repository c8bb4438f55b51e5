package dev.paddock.reconcile;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.Router;
import org.springframework.stereotype.Component;

/**
 * Brings the edge to the apps in the database: every app with its own host names, one stable socket
 * per instance.
 */
@Component
class RouteTable {

  private final DesiredState state;
  private final Router router;
  private final AppSockets sockets;
  private final EdgeProperties edge;

  RouteTable(DesiredState state, Router router, AppSockets sockets, EdgeProperties edge) {
    this.state = state;
    this.router = router;
    this.sockets = sockets;
    this.edge = edge;
  }

  /** Serialized, so an older read of the apps never overwrites a newer one. */
  synchronized void sync() {
    router.sync(
        state.appNames().stream()
            .map(
                a ->
                    new Route(
                        edge.host(a.tenant(), a.app()),
                        a.domains(),
                        sockets.slots(a.tenant(), a.app(), a.instances()),
                        // The runner answers a handler's hung request itself; then httpd.
                        a.requestTimeout().plusSeconds(5)))
            .toList());
  }
}
