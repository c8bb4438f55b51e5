package dev.paddock.reconcile;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.Router;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.ServiceRouting;
import org.springframework.stereotype.Component;

/**
 * Brings the edge to the apps in the database: every app with its own host names, one stable socket
 * per instance, or the app's one address where the engine balances its instances itself.
 */
@Component
class RouteTable {

  private final DesiredState state;
  private final Router router;
  private final AppSockets sockets;
  private final EdgeProperties edge;
  private final SandboxDriver driver;

  RouteTable(
      DesiredState state,
      Router router,
      AppSockets sockets,
      EdgeProperties edge,
      SandboxDriver driver) {
    this.state = state;
    this.router = router;
    this.sockets = sockets;
    this.edge = edge;
    this.driver = driver;
  }

  /** Serialized, so an older read of the apps never overwrites a newer one. */
  synchronized void sync() {
    router.sync(state.appNames().stream().map(this::route).toList());
  }

  private Route route(DesiredState.AppName a) {
    String host = edge.host(a.tenant(), a.app());
    // The runner answers a handler's hung request itself; then httpd.
    var timeout = a.requestTimeout().plusSeconds(5);
    if (driver instanceof ServiceRouting engine) {
      return Route.toService(host, a.domains(), engine.service(a.tenant(), a.app()), timeout);
    }
    return new Route(host, a.domains(), sockets.slots(a.tenant(), a.app(), a.instances()), timeout);
  }
}
