package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.paddock.app.Limits;
import dev.paddock.sandbox.Sandbox;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.util.unit.DataSize;

/** A running container's CPUs and pids, changed in place by {@code docker update}. */
class ContainerLimits {

  private final DockerClient docker;

  /** The limits each container was last resized to, so that a pass in force asks Docker nothing. */
  private final Map<String, Limits> resized = new ConcurrentHashMap<>();

  ContainerLimits(DockerClient docker) {
    this.docker = docker;
  }

  static long nanoCpus(Limits limits) {
    return Math.round(limits.cpus() * 1e9);
  }

  /** The limits in force when they changed; empty when they were in force already. */
  Optional<Limits> resize(Sandbox sandbox, Limits limits) {
    if (limits.equals(resized.get(sandbox.id()))) {
      return Optional.empty();
    }
    long cpus = nanoCpus(limits);
    HostConfig before = docker.inspectContainerCmd(sandbox.id()).exec().getHostConfig();
    boolean inForce =
        Objects.equals(before.getNanoCPUs(), cpus)
            && Objects.equals(before.getPidsLimit(), (long) limits.pids());
    if (!inForce) {
      docker
          .updateContainerCmd(sandbox.id())
          .withNanoCPUs(cpus)
          .withPidsLimit((long) limits.pids())
          .exec();
    }
    resized.put(sandbox.id(), limits);
    if (inForce) {
      return Optional.empty();
    }
    HostConfig after = docker.inspectContainerCmd(sandbox.id()).exec().getHostConfig();
    return Optional.of(
        new Limits(
            DataSize.ofBytes(after.getMemory()),
            after.getNanoCPUs() / 1e9,
            after.getPidsLimit().intValue()));
  }

  /** The container is gone: nothing to remember of it. */
  void forget(String containerId) {
    resized.remove(containerId);
  }
}
