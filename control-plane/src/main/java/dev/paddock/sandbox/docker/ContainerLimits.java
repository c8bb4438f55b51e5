package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.Sandbox;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.util.unit.DataSize;

/**
 * A running container's CPUs and pids, changed in place by {@code docker update}; also how a
 * sandbox's start, given {@code startCpus} ({@link Confinement#startCpus}), ends at its limit.
 */
class ContainerLimits {

  private final DockerClient docker;
  private final double startCpus;

  /** The limits each container was last resized to, so that a pass in force asks Docker nothing. */
  private final Map<String, Limits> resized = new ConcurrentHashMap<>();

  ContainerLimits(DockerClient docker, double startCpus) {
    this.docker = docker;
    this.startCpus = startCpus;
  }

  /**
   * CPU time as Docker grants it: a quota per period. Within a period a sandbox may spend its quota
   * on all cores at once and then waits for the next. Docker's default period, 100 ms, lets a
   * sandbox of 0.5 CPUs hold both cores of a 2-core host for 25 ms at a stretch, and every other
   * process waits behind it (bench/bombs.sh's cpu bomb); a 10 ms period cuts such bursts to a tenth
   * and bounds a throttled sandbox's own stalls the same way. Below 0.1 CPUs the period grows,
   * since Docker's smallest quota is 1 ms.
   */
  record CpuQuota(long periodMicros, long quotaMicros) {

    static final long PERIOD_MICROS = 10_000;
    private static final long MIN_QUOTA_MICROS = 1_000;

    static CpuQuota of(double cpus) {
      long period = Math.max(PERIOD_MICROS, (long) Math.ceil(MIN_QUOTA_MICROS / cpus));
      return new CpuQuota(period, Math.round(cpus * period));
    }

    /** The CPUs a container's configuration grants: by quota, or by Docker's own CPU count. */
    static double cpus(HostConfig host) {
      long period = host.getCpuPeriod() == null ? 0 : host.getCpuPeriod();
      long quota = host.getCpuQuota() == null ? 0 : host.getCpuQuota();
      if (period > 0 && quota > 0) {
        return (double) quota / period;
      }
      return host.getNanoCPUs() == null ? 0 : host.getNanoCPUs() / 1e9;
    }

    boolean inForce(HostConfig host) {
      return Objects.equals(host.getCpuPeriod(), periodMicros)
          && Objects.equals(host.getCpuQuota(), quotaMicros);
    }
  }

  /**
   * The limits in force when they changed; empty when they were in force already, or when only the
   * CPUs a start was given ended (the first resize of a healthy sandbox).
   */
  Optional<Limits> resize(Sandbox sandbox, Limits limits) {
    if (limits.equals(resized.get(sandbox.id()))) {
      return Optional.empty();
    }
    CpuQuota cpus = CpuQuota.of(limits.cpus());
    HostConfig before = docker.inspectContainerCmd(sandbox.id()).exec().getHostConfig();
    // A container made with Docker's CPU count (by an earlier Paddock) can only change that count:
    // Docker refuses a period next to it.
    boolean counted = before.getNanoCPUs() != null && before.getNanoCPUs() > 0;
    long nanoCpus = Math.round(limits.cpus() * 1e9);
    boolean pids = Objects.equals(before.getPidsLimit(), (long) limits.pids());
    boolean inForce = pids && (counted ? before.getNanoCPUs() == nanoCpus : cpus.inForce(before));
    boolean started =
        pids && !counted && startCpus > limits.cpus() && CpuQuota.of(startCpus).inForce(before);
    if (!inForce) {
      update(sandbox, limits, counted ? null : cpus);
    }
    resized.put(sandbox.id(), limits);
    if (inForce || started) {
      return Optional.empty();
    }
    HostConfig after = docker.inspectContainerCmd(sandbox.id()).exec().getHostConfig();
    return Optional.of(
        new Limits(
            DataSize.ofBytes(after.getMemory()),
            CpuQuota.cpus(after),
            after.getPidsLimit().intValue()));
  }

  /** Sets CPUs as a period and quota, or as Docker's CPU count when {@code quota} is null. */
  private void update(Sandbox sandbox, Limits limits, CpuQuota quota) {
    var update = docker.updateContainerCmd(sandbox.id()).withPidsLimit((long) limits.pids());
    if (quota == null) {
      update.withNanoCPUs(Math.round(limits.cpus() * 1e9));
    } else {
      update.withCpuPeriod(quota.periodMicros()).withCpuQuota(quota.quotaMicros());
    }
    update.exec();
  }

  /** The container is gone: nothing to remember of it. */
  void forget(String containerId) {
    resized.remove(containerId);
  }
}
