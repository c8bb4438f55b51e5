package dev.paddock.sandbox.docker;

import dev.paddock.sandbox.TenantEgress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether sandboxes' egress is restricted, and the one place that restricts it, through {@link
 * EgressFirewall}: as root it runs iptables itself; otherwise through Docker in a helper container
 * ({@link HostNetworkContainer}). Health is {@code UNKNOWN} until the first tenant network is
 * fenced, {@code DOWN} while rules cannot be written. A tenant's own policy ({@link TenantEgress})
 * is read afresh whenever rules are written, and a change of it rewrites them at once: running
 * sandboxes get the new rules for their next connection, and connections already open keep going.
 * Thread-safe.
 */
class SandboxEgress implements HealthIndicator, TenantEgress.Enforcer {

  private static final Logger log = LoggerFactory.getLogger(SandboxEgress.class);

  private final EgressFirewall firewall;
  private final String how;
  private final boolean enforce;
  private final TenantEgress.Source tenants;
  private volatile Health health;
  private List<TenantBridge> fenced = List.of();
  private boolean failed;

  /** A tenant's bridge interface on the host. */
  record TenantBridge(long tenantId, String bridge) {}

  SandboxEgress(EgressFirewall firewall, boolean root) {
    this(firewall, root, true);
  }

  SandboxEgress(EgressFirewall firewall, boolean root, boolean enforce) {
    this(firewall, root, enforce, tenantId -> Optional.empty());
  }

  SandboxEgress(
      EgressFirewall firewall, boolean root, boolean enforce, TenantEgress.Source tenants) {
    this.firewall = firewall;
    this.tenants = tenants;
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
  synchronized void fence(List<TenantBridge> bridges) {
    if (!enforce) {
      return;
    }
    try {
      firewall.apply(
          bridges.stream()
              .map(
                  b -> new EgressFirewall.Bridge(b.bridge(), tenants.of(b.tenantId()).orElse(null)))
              .toList());
      fenced = List.copyOf(bridges);
      failed = false;
      health =
          Health.up()
              .withDetail("egress", "enforced on " + bridges.size() + " bridges")
              .withDetail("through", how)
              .build();
    } catch (EgressException e) {
      failed = true;
      health = Health.down().withDetail("egress", e.getMessage()).build();
      throw e;
    }
  }

  /** Whether the last rules could not be written, so that the next sandbox start tries again. */
  synchronized boolean failed() {
    return failed;
  }

  /** Rewrites the rules if the tenant has a network; nothing to do while it has none. */
  @Override
  public synchronized void apply(long tenantId, String tenant) {
    if (fenced.stream().anyMatch(b -> b.tenantId() == tenantId)) {
      fence(fenced);
    }
  }

  @Override
  public Health health() {
    return health;
  }
}
