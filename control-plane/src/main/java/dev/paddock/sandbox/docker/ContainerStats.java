package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import com.github.dockerjava.core.InvocationBuilder;
import dev.paddock.sandbox.AdminProbe;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.Usage;
import java.util.Optional;

/**
 * A sandbox's usage as its cgroup (or else Docker) measures it, its limits as Docker reads them
 * back, and its JVM's.
 */
class ContainerStats {

  private final DockerClient docker;
  private final AdminProbe probe;

  ContainerStats(DockerClient docker, AdminProbe probe) {
    this.docker = docker;
    this.probe = probe;
  }

  /** What the sandbox uses now; empty when it is not running. */
  Optional<Usage> of(Sandbox sandbox) {
    InspectContainerResponse container;
    try {
      container = docker.inspectContainerCmd(sandbox.id()).exec();
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
    if (!Boolean.TRUE.equals(container.getState().getRunning())) {
      return Optional.empty();
    }
    Long pid = container.getState().getPidLong();
    return CgroupFiles.of(pid == null ? 0 : pid)
        .or(() -> fromDocker(sandbox))
        .map(reading -> usage(sandbox, reading, container.getHostConfig()));
  }

  private Usage usage(Sandbox sandbox, CgroupFiles.Reading reading, HostConfig limits) {
    return new Usage(
        reading.memoryBytes(),
        limits.getMemory() == null || limits.getMemory() == 0
            ? reading.memoryLimitBytes()
            : limits.getMemory(),
        ContainerLimits.CpuQuota.cpus(limits),
        limits.getPidsLimit() == null ? 0 : limits.getPidsLimit(),
        reading.cpuNanos(),
        reading.pids(),
        probe.metrics(sandbox.admin()));
  }

  /** Docker's one-shot stats: the same figures, one to two seconds later. */
  private Optional<CgroupFiles.Reading> fromDocker(Sandbox sandbox) {
    Statistics stats;
    try {
      stats =
          docker
              .statsCmd(sandbox.id())
              .withNoStream(true)
              .exec(new InvocationBuilder.AsyncResultCallback<>())
              .awaitResult();
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
    MemoryStatsConfig memory = stats == null ? null : stats.getMemoryStats();
    if (memory == null || memory.getUsage() == null || stats.getCpuStats() == null) {
      return Optional.empty(); // not running
    }
    return Optional.of(
        new CgroupFiles.Reading(
            memory.getUsage() - inactiveFile(memory.getStats()),
            memory.getLimit() == null ? 0 : memory.getLimit(),
            stats.getCpuStats().getCpuUsage().getTotalUsage(),
            stats.getPidsStats() == null ? 0 : stats.getPidsStats().getCurrent()));
  }

  /** Page cache the kernel reclaims before it would kill: not counted, as {@code docker stats}. */
  private static long inactiveFile(StatsConfig stats) {
    if (stats == null) {
      return 0;
    }
    Long v1 = stats.getTotalInactiveFile();
    Long v2 = stats.getInactiveFile();
    return v1 != null ? v1 : v2 != null ? v2 : 0;
  }
}
