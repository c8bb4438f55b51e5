package dev.paddock.routing;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Where the edge sends an app's traffic, as the engine that runs the app serves it. */
public sealed interface Upstream {

  /**
   * A stable Unix socket per instance slot, balanced by the edge. The engine switches a slot to a
   * new sandbox by replacing what is behind its socket, so the edge's configuration does not
   * change.
   */
  record Sockets(List<Path> slots) implements Upstream {
    public Sockets {
      slots = List.copyOf(slots);
      if (slots.isEmpty()) {
        throw new IllegalArgumentException("An upstream needs at least one socket");
      }
    }
  }

  /** One address the engine balances itself (a Kubernetes Service). */
  record Service(URI address) implements Upstream {}
}
