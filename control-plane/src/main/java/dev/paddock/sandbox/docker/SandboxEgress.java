package dev.paddock.sandbox.docker;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether sandboxes' egress is restricted, and the one place that restricts it, through {@link
 * EgressFirewall}: as root it runs iptables itself; otherwise through Docker in a helper container
 * ({@link HostNetworkContainer}). Health is {@code UNKNOWN} until the first tenant network is
 * fenced, {@code DOWN} while rules cannot be written. Thread-safe.
 */
class SandboxEgress implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(SandboxEgress.class);

  private final EgressFirewall firewall;
  private final String how;
  private final boolean enforce;
  private volatile Health health;

  SandboxEgress(EgressFirewall firewall, boolean root) {
    this(firewall, root, true);
  }

  SandboxEgress(EgressFirewall firewall, boolean root, boolean enforce) {
    this.firewall = firewall;
    this.how = root ? "iptables" : "iptables in a helper container (not root)";
    this.enforce = enforce;
    if (enforce) {
      health = Health.unknown().withDetail("egress", "no tenant network yet").build();
    } else {
      log.warn(
          "Sandbox egress is NOT restricted (paddock.sandbox.egress.enforce=false): sandboxes"
              + " reach link-local addresses (cloud metadata), the host's own services and"
              + " private networks");
      health = Health.unknown().withDetail("egress", "not enforced: turned off").build();
    }
  }

  /**
   * Restricts egress from exactly these tenant bridges. Idempotent. Throws {@link EgressException}
   * when the rules cannot be written, so no sandbox starts unrestricted.
   */
  synchronized void fence(List<String> bridges) {
    if (!enforce) {
      return;
    }
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
