package dev.paddock.sandbox.docker;

import dev.paddock.Installation;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.support.Infrastructure;
import java.nio.file.Path;
import java.util.List;

/** Egress rules of an installation under test, as its control plane would write them. */
public final class Firewalls {

  private Firewalls() {}

  /** Rewrites the installation's rules over its tenant networks with this policy. */
  public static void apply(String installation, EgressPolicy policy) {
    var firewall = new EgressFirewall(installation, policy, HostResolvers.ofHost());
    new TenantNetworks(
            Infrastructure.docker(),
            new Installation(Path.of("/nonexistent"), installation),
            new SandboxEgress(firewall, true),
            SubnetPool.configured("10.200.0.0/13"))
        .fence();
  }

  /** Takes every rule of the installation away, if it is root and there are any. */
  public static void removeOf(String installation) {
    if (Installation.asRoot()) {
      try {
        new EgressFirewall(installation, EgressPolicy.standard(), List.of()).remove();
      } catch (EgressException noIptables) {
        // Nothing can have been written without it.
      }
    }
  }
}
