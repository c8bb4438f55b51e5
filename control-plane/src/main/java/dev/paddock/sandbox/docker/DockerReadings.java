package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.paddock.sandbox.AdminProbe;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxReadings;
import dev.paddock.sandbox.Usage;
import java.time.Duration;
import java.util.Optional;

/**
 * How a container does: Docker's view of whether it runs, then the runner's own answer on its admin
 * port; its usage from the cgroup and the runner. Thread-safe.
 */
class DockerReadings implements SandboxReadings {

  private final DockerClient docker;
  private final AdminProbe probe = new AdminProbe();
  private final ContainerStats stats;

  DockerReadings(DockerClient docker) {
    this.docker = docker;
    this.stats = new ContainerStats(docker, probe);
  }

  @Override
  public Health probe(Sandbox sandbox) {
    return probe(sandbox, Duration.ZERO);
  }

  @Override
  public Health probe(Sandbox sandbox, Duration wait) {
    // A runner that says its app serves runs: the engine is asked only while it does not, so a
    // deploy's health gate sees the moment it does one engine call sooner.
    Health answer = probe.check(sandbox.admin(), wait);
    if (answer instanceof Health.Up) {
      return answer;
    }
    InspectContainerResponse.ContainerState state;
    try {
      state = docker.inspectContainerCmd(sandbox.id()).exec().getState();
    } catch (NotFoundException e) {
      return new Health.Down("the sandbox no longer exists");
    }
    if (!Boolean.TRUE.equals(state.getRunning())) {
      return new Health.Down(ExitReason.describe(state));
    }
    return answer;
  }

  @Override
  public Optional<Usage> usage(Sandbox sandbox) {
    return stats.of(sandbox);
  }
}
