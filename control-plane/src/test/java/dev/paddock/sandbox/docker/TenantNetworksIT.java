package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Network;
import dev.paddock.Installation;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.support.Infrastructure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants beyond Docker's default address pools (about 30 bridge networks) still get a network of
 * their own, from {@code paddock.sandbox.network-pool}, on the real engine.
 */
class TenantNetworksIT {

  private static final String POOL = "10.200.0.0/13";
  private static final int MOST = 80;
  private final String installation = Infrastructure.uniqueName("nets");
  private final TenantNetworks networks =
      new TenantNetworks(
          Infrastructure.docker(),
          new Installation(Path.of("/nonexistent"), installation),
          new SandboxEgress(
              new EgressFirewall(installation, EgressPolicy.standard(), List.of()), true, false),
          SubnetPool.configured(POOL));

  @BeforeAll
  static void docker() {
    Infrastructure.requireDockerAndHttpd();
  }

  @AfterEach
  void removeNetworks() {
    networks.prune(null);
  }

  @Test
  void tenantsBeyondDockersPoolsGetSubnetsOfTheirOwnFromThePaddockPool() {
    var pool = SubnetPool.configured(POOL);
    List<String> subnets = new ArrayList<>();
    // Until Docker's pools are used up and a network comes from Paddock's, then three more.
    int pastDockers = 0;
    for (int tenant = 1; tenant <= MOST && pastDockers < 4; tenant++) {
      String subnet = subnetOf(networks.attach(owner(tenant), name -> name));
      subnets.add(subnet);
      pastDockers += pool.holds(subnet) ? 1 : 0;
    }
    System.out.printf(
        "%d tenant networks, %d of them from %s%n", subnets.size(), pastDockers, POOL);
    assertThat(pastDockers).isEqualTo(4);
    assertThat(new HashSet<>(subnets)).hasSameSizeAs(subnets);
    // The same tenant again: the network it has, not another.
    int last = subnets.size();
    assertThat(subnetOf(networks.attach(owner(last), name -> name))).isEqualTo(subnets.getLast());
  }

  @Test
  void aTenantsPruneGivesBackItsOwnIdleNetworkAndNoOtherTenants() {
    String first = networks.attach(owner(1), name -> name);
    String second = networks.attach(owner(2), name -> name);

    networks.prune("t1");

    assertThat(exists(first)).isFalse();
    assertThat(exists(second)).isTrue();
    // Pruning a tenant without a network is nothing to do.
    networks.prune("t1");
    assertThat(exists(second)).isTrue();
  }

  private static boolean exists(String network) {
    return Infrastructure.docker().listNetworksCmd().withNameFilter(network).exec().stream()
        .anyMatch(n -> n.getName().equals(network));
  }

  private SandboxSpec.Owner owner(int tenant) {
    return new SandboxSpec.Owner(tenant, "t" + tenant, tenant, "web");
  }

  private static String subnetOf(String network) {
    List<Network> found =
        Infrastructure.docker().listNetworksCmd().withNameFilter(network).exec().stream()
            .filter(n -> n.getName().equals(network))
            .toList();
    assertThat(found).hasSize(1);
    return found.getFirst().getIpam().getConfig().getFirst().getSubnet();
  }
}
