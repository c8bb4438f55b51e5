package dev.paddock.platform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Something that happened to the platform itself rather than to a tenant's app.
 *
 * @param at when it happened
 * @param type {@code edge.restarted}, {@code edge.lost}, {@code edge.back}, {@code database.lost},
 *     {@code database.back}, {@code docker.lost} or {@code docker.back}
 * @param message what happened and what it means for tenants, in a sentence or two; an edge restart
 *     adds the end of httpd's error log
 * @param replica the control plane that saw it ({@code pid@host}; with Kubernetes the host is the
 *     pod's name); null for events written before replicas were told apart
 */
public record PlatformEvent(Instant at, String type, String message, String replica) {

  // As precise as the database keeps it, so an event reads the same before and after it is written.
  public PlatformEvent {
    at = at.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Whether it happened to a part every replica shares (the database, Docker), which each replica
   * sees for itself, rather than to this replica's own edge.
   */
  boolean shared() {
    return type.startsWith("database.") || type.startsWith("docker.");
  }
}
