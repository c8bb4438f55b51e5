package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.paddock.Installation;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One bridge network per tenant: a tenant's sandboxes see each other, never another tenant's.
 * Docker lets two networks share a name, so creation is serialized here, and pruning waits until no
 * sandbox is being attached to a network it might otherwise take away. Egress from every tenant
 * bridge is restricted before the first sandbox joins it. Thread-safe.
 */
class TenantNetworks {

  private final DockerClient docker;
  private final Installation installation;
  private final SandboxEgress egress;
  private final SubnetPool pool;
  private final ReadWriteLock attaching = new ReentrantReadWriteLock();
  private boolean fenced;

  TenantNetworks(
      DockerClient docker, Installation installation, SandboxEgress egress, SubnetPool pool) {
    this.docker = docker;
    this.installation = installation;
    this.egress = egress;
    this.pool = pool;
  }

  /** Runs {@code attach} with the tenant's network, created if missing, kept until it returns. */
  <T> T attach(SandboxSpec.Owner owner, Function<String, T> attach) {
    attaching.readLock().lock();
    try {
      return attach.apply(ensure(owner));
    } finally {
      attaching.readLock().unlock();
    }
  }

  private synchronized String ensure(SandboxSpec.Owner owner) {
    String name = name(owner.tenant());
    boolean exists =
        !docker.listNetworksCmd().withNameFilter(name).exec().stream()
            .filter(n -> n.getName().equals(name))
            .toList()
            .isEmpty();
    if (!exists) {
      try {
        create(name, owner);
      } catch (ConflictException createdConcurrently) {
        // Someone else created it a moment ago: that is the network we want.
      }
    }
    if (!exists || !fenced || egress.failed()) {
      fence();
    }
    return name;
  }

  /**
   * Creates the tenant's network in Docker's own address pools, which leave out the host's routes;
   * once those are used up, in the next free subnet of {@code paddock.sandbox.network-pool}.
   */
  private void create(String name, SandboxSpec.Owner owner) {
    try {
      create(name, owner, null);
    } catch (DockerException e) {
      if (!String.valueOf(e.getMessage()).contains("non-overlapping")) {
        throw e;
      }
      String subnet =
          pool.firstFree(subnetsInUse())
              .orElseThrow(
                  () ->
                      new SandboxException(
                          ("No network left for tenant %s: Docker's address pools and"
                                  + " paddock.sandbox.network-pool (%s) are all in use. Widen the"
                                  + " pool, or give Docker more (default-address-pools).")
                              .formatted(owner.tenant(), pool),
                          e));
      create(name, owner, subnet);
    }
  }

  private void create(String name, SandboxSpec.Owner owner, String subnet) {
    var create =
        docker
            .createNetworkCmd()
            .withName(name)
            .withDriver("bridge")
            .withCheckDuplicate(true)
            .withLabels(
                Map.of(
                    Labels.MANAGED_BY, installation.name(),
                    Labels.TENANT, owner.tenant(),
                    Labels.TENANT_ID, String.valueOf(owner.tenantId())));
    if (subnet != null) {
      create.withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)));
    }
    create.exec();
  }

  /** Every IPv4 and IPv6 subnet of every Docker network on the engine, Paddock's or not. */
  private List<String> subnetsInUse() {
    return docker.listNetworksCmd().exec().stream()
        .map(Network::getIpam)
        .filter(ipam -> ipam != null && ipam.getConfig() != null)
        .flatMap(ipam -> ipam.getConfig().stream())
        .map(Network.Ipam.Config::getSubnet)
        .filter(subnet -> subnet != null)
        .toList();
  }

  /**
   * Restricts egress from every tenant bridge of this installation, and from no other. Idempotent;
   * throws {@link EgressException} when the host's firewall refuses.
   */
  synchronized void fence() {
    fenced = false;
    egress.fence(
        docker
            .listNetworksCmd()
            .withFilter("label", List.of(Labels.MANAGED_BY + "=" + installation.name()))
            .exec()
            .stream()
            .map(n -> new SandboxEgress.TenantBridge(tenantId(n), bridge(n)))
            .sorted(Comparator.comparing(SandboxEgress.TenantBridge::bridge))
            .toList());
    fenced = true;
  }

  private static long tenantId(Network network) {
    String id = network.getLabels() == null ? null : network.getLabels().get(Labels.TENANT_ID);
    try {
      return id == null ? -1 : Long.parseLong(id);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The host interface of a bridge network: Docker names it {@code br-} and the id's start. */
  private static String bridge(Network network) {
    Map<String, String> options = network.getOptions();
    String named = options == null ? null : options.get("com.docker.network.bridge.name");
    return named != null ? named : "br-" + network.getId().substring(0, 12);
  }

  /**
   * Gives back the networks of this installation that no container uses any more (Docker's address
   * pools hold only a few dozen bridge networks), then restricts egress from the others. Throws
   * {@link EgressException} when the host's firewall refuses.
   */
  void pruneAndFence() {
    attaching.writeLock().lock();
    try {
      removeIdle(null);
      fence();
    } finally {
      attaching.writeLock().unlock();
    }
  }

  /**
   * Removes the tenant's network if no container uses it any more: after a sandbox of the tenant
   * went, one network to look at rather than every tenant's; every network of this installation for
   * a null tenant (one whose sandbox was gone before its labels could be read).
   */
  void prune(String tenant) {
    attaching.writeLock().lock();
    try {
      if (removeIdle(tenant)) {
        fence();
      }
    } catch (EgressException e) {
      // The health says so; rules for an interface that is gone match nothing, and the next
      // sandbox start writes them again.
    } finally {
      attaching.writeLock().unlock();
    }
  }

  /** Whether a network went: the tenant's, or for null any of this installation's. */
  private boolean removeIdle(String tenant) {
    if (tenant != null) {
      return removeIfIdle(name(tenant));
    }
    boolean removed = false;
    for (Network network :
        docker
            .listNetworksCmd()
            .withFilter("label", List.of(Labels.MANAGED_BY + "=" + installation.name()))
            .exec()) {
      removed |= removeIfIdle(network.getId());
    }
    return removed;
  }

  /** The tenant a container is labelled with; null once it is gone. */
  String tenantOf(String containerId) {
    try {
      var labels = docker.inspectContainerCmd(containerId).exec().getConfig().getLabels();
      return labels == null ? null : labels.get(Labels.TENANT);
    } catch (NotFoundException gone) {
      return null;
    }
  }

  private String name(String tenant) {
    return installation.name() + "-tenant-" + tenant;
  }

  private boolean removeIfIdle(String network) {
    try {
      var inspected = docker.inspectNetworkCmd().withNetworkId(network).exec();
      if (inspected.getContainers() == null || inspected.getContainers().isEmpty()) {
        docker.removeNetworkCmd(inspected.getId()).exec();
        return true;
      }
    } catch (RuntimeException inUseOrGone) {
      // A sandbox joined it meanwhile, or it is gone: either way, nothing to do.
    }
    return false;
  }
}
