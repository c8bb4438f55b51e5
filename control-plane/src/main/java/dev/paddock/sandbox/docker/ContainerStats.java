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
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sandbox's usage and the limits in force as its cgroup (or else Docker) says, and its JVM's.
 * Thread-safe.
 */
class ContainerStats {

  /** How long a container's process id is kept once not read: its container is gone by then. */
  private static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(10);

  private final DockerClient docker;
  private final AdminProbe probe;

  /** Container id → its first process, once inspected: later readings need no engine call. */
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  private record Known(long pid, long readAt) {}

  ContainerStats(DockerClient docker, AdminProbe probe) {
    this.docker = docker;
    this.probe = probe;
  }

  /**
   * What the sandbox uses now; empty when it is not running. The engine is asked once per
   * container: afterwards its cgroup is found from its first process, as long as that process is
   * still in the container's cgroup.
   */
  Optional<Usage> of(Sandbox sandbox) {
    long now = System.nanoTime();
    Known pid = known.get(sandbox.id());
    if (pid != null) {
      Optional<CgroupFiles.Reading> reading = CgroupFiles.of(pid.pid(), sandbox.id());
      if (reading.isPresent()) {
        known.put(sandbox.id(), new Known(pid.pid(), now));
        return reading.map(r -> usage(sandbox, r));
      }
      known.remove(sandbox.id());
    }
    InspectContainerResponse container;
    try {
      container = docker.inspectContainerCmd(sandbox.id()).exec();
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
    if (!Boolean.TRUE.equals(container.getState().getRunning())) {
      return Optional.empty();
    }
    long first = container.getState().getPidLong() == null ? 0 : container.getState().getPidLong();
    Optional<CgroupFiles.Reading> reading = CgroupFiles.of(first, sandbox.id());
    if (reading.isPresent()) {
      known.values().removeIf(k -> now - k.readAt() > FORGOTTEN_AFTER.toNanos());
      known.put(sandbox.id(), new Known(first, now));
    } else {
      // A cgroup path without the container's id (an unusual driver): read by the process alone.
      reading = CgroupFiles.of(first).or(() -> fromDocker(sandbox, container.getHostConfig()));
    }
    return reading.map(r -> usage(sandbox, r));
  }

  private Usage usage(Sandbox sandbox, CgroupFiles.Reading reading) {
    return new Usage(
        reading.memoryBytes(),
        reading.memoryLimitBytes(),
        reading.cpus(),
        reading.pidsLimit(),
        reading.cpuNanos(),
        reading.pids(),
        probe.metrics(sandbox.admin()));
  }

  /** Docker's one-shot stats: the same figures, one to two seconds later. */
  private Optional<CgroupFiles.Reading> fromDocker(Sandbox sandbox, HostConfig limits) {
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
            limits.getMemory() != null && limits.getMemory() > 0
                ? limits.getMemory()
                : memory.getLimit() == null ? 0 : memory.getLimit(),
            stats.getCpuStats().getCpuUsage().getTotalUsage(),
            stats.getPidsStats() == null ? 0 : stats.getPidsStats().getCurrent(),
            ContainerLimits.CpuQuota.cpus(limits),
            limits.getPidsLimit() == null ? 0 : limits.getPidsLimit()));
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
