package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import dev.paddock.Installation;
import dev.paddock.sandbox.SandboxSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One bridge network per tenant: a tenant's sandboxes see each other, never another tenant's.
 * Docker lets two networks share a name, so creation is serialized here, and pruning waits until no
 * sandbox is being attached to a network it might otherwise take away. Thread-safe.
 */
class TenantNetworks {

  private final DockerClient docker;
  private final Installation installation;
  private final ReadWriteLock attaching = new ReentrantReadWriteLock();

  TenantNetworks(DockerClient docker, Installation installation) {
    this.docker = docker;
    this.installation = installation;
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
    String name = installation.name() + "-tenant-" + owner.tenant();
    boolean exists =
        !docker.listNetworksCmd().withNameFilter(name).exec().stream()
            .filter(n -> n.getName().equals(name))
            .toList()
            .isEmpty();
    if (!exists) {
      try {
        docker
            .createNetworkCmd()
            .withName(name)
            .withDriver("bridge")
            .withCheckDuplicate(true)
            .withLabels(
                Map.of(
                    Labels.MANAGED_BY, installation.name(),
                    Labels.TENANT, owner.tenant(),
                    Labels.TENANT_ID, String.valueOf(owner.tenantId())))
            .exec();
      } catch (ConflictException createdConcurrently) {
        // Someone else created it a moment ago: that is the network we want.
      }
    }
    return name;
  }

  /**
   * Removes networks of this installation that no container uses any more; Docker's address pools
   * hold only a few dozen bridge networks, so idle ones are given back.
   */
  void prune() {
    attaching.writeLock().lock();
    try {
      removeIdle();
    } finally {
      attaching.writeLock().unlock();
    }
  }

  private void removeIdle() {
    docker
        .listNetworksCmd()
        .withFilter("label", List.of(Labels.MANAGED_BY + "=" + installation.name()))
        .exec()
        .forEach(
            network -> {
              var inspected = docker.inspectNetworkCmd().withNetworkId(network.getId()).exec();
              if (inspected.getContainers() == null || inspected.getContainers().isEmpty()) {
                try {
                  docker.removeNetworkCmd(network.getId()).exec();
                } catch (RuntimeException inUseOrGone) {
                  // A sandbox joined it meanwhile, or it is gone: either way, nothing to do.
                }
              }
            });
  }
}
