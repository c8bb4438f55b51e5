package dev.paddock.routing;

import java.util.Optional;

/** The edge's certificates, by host name. Implementations are thread-safe. */
public interface Certificates {

  /**
   * Where the host name's certificate stands as last read from the edge; empty when the edge does
   * not serve HTTPS for it (HTTPS off, or a name no certificate can be had for).
   */
  Optional<Certificate> of(String host);
}
