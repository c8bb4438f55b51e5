package dev.paddock.reconcile;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.Router;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.Upstreams;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Brings the edge to the apps in the database: every app with its own host names, sending its
 * traffic to the upstream its engine serves it on.
 */
@Component
class RouteTable {

  private final DesiredState state;
  private final Router router;
  private final Upstreams upstreams;
  private final EdgeProperties edge;
  private final SandboxProperties sandboxes;

  RouteTable(
      DesiredState state,
      Router router,
      Upstreams upstreams,
      EdgeProperties edge,
      SandboxProperties sandboxes) {
    this.state = state;
    this.router = router;
    this.upstreams = upstreams;
    this.edge = edge;
    this.sandboxes = sandboxes;
  }

  /** Serialized, so an older read of the apps never overwrites a newer one. */
  synchronized void sync() {
    router.sync(state.appNames().stream().map(this::route).toList());
  }

  private Route route(DesiredState.AppName a) {
    // The runner answers a handler's hung request itself; then httpd. A request to an app that may
    // sleep may first wait for its wake.
    Duration timeout = a.requestTimeout().plusSeconds(5);
    return new Route(
        edge.host(a.tenant(), a.app()),
        a.domains(),
        upstreams.of(a.tenant(), a.app(), a.instances()),
        a.maySleep() ? timeout.plus(sandboxes.startTimeout()) : timeout,
        a.httpsOnly());
  }
}
