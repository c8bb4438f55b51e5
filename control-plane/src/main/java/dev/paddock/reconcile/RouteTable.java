package dev.paddock.reconcile;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.Router;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.ServiceRouting;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
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
      return Route.toService(host, a.domains(), engine.service(a.tenant(), a.app()), timeout)
          .httpsOnly(a.httpsOnly());
    }
    return new Route(host, a.domains(), switchedIn(a), timeout).httpsOnly(a.httpsOnly());
  }

  /**
   * The slots whose socket a pass has switched to a sandbox: a slot being added joins the balancer
   * only then, whichever of the pass or a periodic resync writes the edge first; a balancer member
   * whose socket is missing fails over too late to spare every request. Slot 0 always, so an app
   * not running yet has its 503 page.
   */
  private List<Path> switchedIn(DesiredState.AppName a) {
    List<Path> slots = sockets.slots(a.tenant(), a.app(), a.instances());
    return IntStream.range(0, slots.size())
        .filter(slot -> slot == 0 || Files.exists(slots.get(slot), LinkOption.NOFOLLOW_LINKS))
        .mapToObj(slots::get)
        .toList();
  }
}
