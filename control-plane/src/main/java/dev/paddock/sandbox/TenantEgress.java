package dev.paddock.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's own egress policy, set by the platform admin on top of the platform's ({@link
 * EgressPolicy}): {@code internet} replaces the platform's when set, {@code allow} and {@code deny}
 * add to the platform's lists. Deny rules win over allow rules, and the {@link EgressFloor} wins
 * over both.
 *
 * @param internet whether addresses outside every private and listed range are reachable; {@code
 *     null} for the platform's choice
 * @param allow ranges (and ports) reachable although closed by default, such as one database
 * @param deny ranges (and ports) never reachable for this tenant
 */
public record TenantEgress(Boolean internet, List<EgressRule> allow, List<EgressRule> deny) {

  /** At most this many rules in each list: every rule is a firewall rule on every packet. */
  public static final int MAX_RULES = 32;

  public TenantEgress {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /** What a tenant's sandboxes may reach, all lists merged, in the order they are checked. */
  public record Effective(boolean internet, List<EgressRule> allow, List<EgressRule> deny) {

    /** The platform's policy alone, for tenants without their own. */
    public static Effective of(EgressPolicy platform) {
      return new Effective(platform.internet(), rules(platform.allow()), rules(platform.deny()));
    }
  }

  /** This tenant's policy merged with the platform's. */
  public Effective effective(EgressPolicy platform) {
    Effective base = Effective.of(platform);
    List<EgressRule> allowed = new ArrayList<>(base.allow());
    allowed.addAll(allow);
    List<EgressRule> denied = new ArrayList<>(base.deny());
    denied.addAll(deny);
    return new Effective(
        internet == null ? base.internet() : internet, List.copyOf(allowed), List.copyOf(denied));
  }

  private static List<EgressRule> rules(List<String> ranges) {
    return ranges.stream().map(EgressRule::parse).toList();
  }

  /** Where an engine reads a tenant's own policy: empty for the platform's alone. */
  @FunctionalInterface
  public interface Source {
    Optional<TenantEgress> of(long tenantId);

    /** What the tenant's sandboxes may reach. */
    default Effective effective(long tenantId, EgressPolicy platform) {
      return of(tenantId).map(t -> t.effective(platform)).orElseGet(() -> Effective.of(platform));
    }
  }

  /** Applies a tenant's changed policy to the engine, to sandboxes already running too. */
  @FunctionalInterface
  public interface Enforcer {

    /**
     * Brings the tenant's network rules to its current policy; connections already open are left
     * alone. Idempotent and thread-safe; throws {@link SandboxException} when the engine refuses.
     */
    void apply(long tenantId, String tenant);
  }
}
