package dev.paddock.sandbox.docker;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether sandboxes' egress is restricted, and the one place that restricts it: as root, through
 * {@link EgressFirewall}; otherwise it cannot be, which the log says at start and health says
 * ({@code UNKNOWN}) until it is. Thread-safe.
 */
class SandboxEgress implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(SandboxEgress.class);

  private final EgressFirewall firewall;
  private final boolean root;
  private volatile Health health;

  SandboxEgress(EgressFirewall firewall, boolean root) {
    this.firewall = firewall;
    this.root = root;
    if (root) {
      health = Health.unknown().withDetail("egress", "no tenant network yet").build();
    } else {
      log.warn(
          "Sandbox egress is NOT restricted: the control plane is not root and cannot write"
              + " firewall rules, so sandboxes reach link-local addresses (cloud metadata), the"
              + " host's own services and private networks. Run it as root to enforce"
              + " paddock.sandbox.egress.");
      health = Health.unknown().withDetail("egress", "not enforced: not running as root").build();
    }
  }

  /**
   * Restricts egress from exactly these tenant bridges. Idempotent. Throws {@link EgressException}
   * when the rules cannot be written, so no sandbox starts unrestricted.
   */
  synchronized void fence(List<String> bridges) {
    if (!root) {
      return;
    }
    try {
      firewall.apply(bridges);
      health =
          Health.up().withDetail("egress", "enforced on " + bridges.size() + " bridges").build();
    } catch (EgressException e) {
      health = Health.down().withDetail("egress", e.getMessage()).build();
      throw e;
    }
  }

  @Override
  public Health health() {
    return health;
  }
}
