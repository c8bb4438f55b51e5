package dev.paddock.routing;

import java.util.Collection;

/**
 * An edge that serves the tokens proving control of custom domains, at {@code
 * /.well-known/paddock/<token>} over HTTP for every name it does not route: a {@link Router}'s
 * optional capability. Implementations are thread-safe.
 */
public interface ProofServer {

  /**
   * Serves exactly these tokens from now on, without reloading the edge. Idempotent; throws {@link
   * RoutingException} when they cannot be written.
   */
  void serveProofs(Collection<String> tokens);
}
