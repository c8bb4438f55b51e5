package dev.paddock.sandbox.docker;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether sandboxes' egress is restricted, and the one place that restricts it, through {@link
 * EgressFirewall}: as root it runs iptables itself; otherwise through Docker in a helper container
 * ({@link HostNetworkContainer}). Health is {@code UNKNOWN} until the first tenant network is
 * fenced, {@code DOWN} while rules cannot be written. Thread-safe.
 */
class SandboxEgress implements HealthIndicator {

  private final EgressFirewall firewall;
  private final String how;
  private volatile Health health;

  SandboxEgress(EgressFirewall firewall, boolean root) {
    this.firewall = firewall;
    this.how = root ? "iptables" : "iptables in a helper container (not root)";
    health = Health.unknown().withDetail("egress", "no tenant network yet").build();
  }

  /**
   * Restricts egress from exactly these tenant bridges. Idempotent. Throws {@link EgressException}
   * when the rules cannot be written, so no sandbox starts unrestricted.
   */
  synchronized void fence(List<String> bridges) {
    try {
      firewall.apply(bridges);
      health =
          Health.up()
              .withDetail("egress", "enforced on " + bridges.size() + " bridges")
              .withDetail("through", how)
              .build();
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
