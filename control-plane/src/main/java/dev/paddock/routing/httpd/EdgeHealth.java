package dev.paddock.routing.httpd;

import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether httpd serves the edge: part of readiness, so a control plane whose edge is down takes no
 * traffic meant for it. A managed httpd is reported as its supervisor last saw it; an external one
 * is probed, and only reported: Paddock cannot restart it.
 */
final class EdgeHealth implements HealthIndicator {

  private final Supplier<Health> health;

  private EdgeHealth(Supplier<Health> health) {
    this.health = health;
  }

  static EdgeHealth managed(HttpdSupervisor supervisor) {
    return new EdgeHealth(
        () -> {
          EdgeStatus status = supervisor.status();
          Health.Builder builder = status.serving() ? Health.up() : Health.down();
          builder.withDetail("mode", "managed").withDetail("restarts", status.restarts());
          if (status.pid() != null) {
            builder.withDetail("pid", status.pid());
          }
          if (status.problem() != null) {
            builder.withDetail("problem", status.problem());
          }
          if (status.lastRestart() != null) {
            builder.withDetail("lastRestart", status.lastRestart().toString());
          }
          return builder.withDetail("backoff", status.backoff().toString()).build();
        });
  }

  static EdgeHealth external(EdgeProbe probe) {
    return external(probe, () -> null);
  }

  /**
   * An external httpd, probed; {@code certificates} says why its certificate status cannot be read
   * (null when it can), which leaves it serving HTTP but not renewing visibly.
   */
  static EdgeHealth external(EdgeProbe probe, Supplier<String> certificates) {
    return new EdgeHealth(
        () -> {
          Health.Builder builder =
              probe.answers()
                  ? Health.up()
                  : Health.down()
                      .withDetail(
                          "problem",
                          "the system httpd does not answer on port %d; Paddock does not restart it"
                              .formatted(probe.port()));
          String problem = certificates.get();
          if (problem != null) {
            builder.withDetail("certificates", problem);
          }
          return builder.withDetail("mode", "external").build();
        });
  }

  @Override
  public Health health() {
    return health.get();
  }
}
