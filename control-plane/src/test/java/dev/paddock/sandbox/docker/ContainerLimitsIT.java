package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.support.Infrastructure;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** CPUs and pids changed in place on real containers, made either way Paddock has made them. */
class ContainerLimitsIT {

  private final DockerClient docker = Infrastructure.docker();
  private final ContainerLimits limits = new ContainerLimits(docker, 2.0);
  private final List<String> made = new ArrayList<>();

  @BeforeAll
  static void requireDocker() {
    Infrastructure.requireDockerAndHttpd();
  }

  @AfterEach
  void remove() {
    made.forEach(id -> docker.removeContainerCmd(id).withForce(true).exec());
  }

  @Test
  void changesTheQuotaOfAContainerMadeWithAPeriod() {
    Sandbox sandbox =
        container(HostConfig.newHostConfig().withCpuPeriod(10_000L).withCpuQuota(10_000L));

    var inForce = limits.resize(sandbox, new Limits(DataSize.ofMegabytes(128), 0.25, 64));

    assertThat(inForce).contains(new Limits(DataSize.ofMegabytes(128), 0.25, 64));
    HostConfig host = docker.inspectContainerCmd(sandbox.id()).exec().getHostConfig();
    assertThat(host.getCpuPeriod()).isEqualTo(10_000L);
    assertThat(host.getCpuQuota()).isEqualTo(2_500L);
    assertThat(host.getPidsLimit()).isEqualTo(64L);
    // In force already: Docker is not asked again.
    assertThat(limits.resize(sandbox, new Limits(DataSize.ofMegabytes(128), 0.25, 64))).isEmpty();
  }

  @Test
  void endsTheCpusAStartWasGivenWithoutReportingAResize() {
    Sandbox sandbox =
        container(HostConfig.newHostConfig().withCpuPeriod(10_000L).withCpuQuota(20_000L));
    Limits oneCpu = new Limits(DataSize.ofMegabytes(128), 1.0, 32);

    assertThat(limits.resize(sandbox, oneCpu)).isEmpty();

    HostConfig host = docker.inspectContainerCmd(sandbox.id()).exec().getHostConfig();
    assertThat(host.getCpuPeriod()).isEqualTo(10_000L);
    assertThat(host.getCpuQuota()).isEqualTo(10_000L);
    // A change the tenant asked for afterwards is reported.
    assertThat(limits.resize(sandbox, new Limits(DataSize.ofMegabytes(128), 0.5, 32)))
        .contains(new Limits(DataSize.ofMegabytes(128), 0.5, 32));
  }

  @Test
  void changesTheCountOfAContainerMadeWithDockersCpuCount() {
    Sandbox sandbox = container(HostConfig.newHostConfig().withNanoCPUs(1_000_000_000L));

    var inForce = limits.resize(sandbox, new Limits(DataSize.ofMegabytes(128), 0.5, 64));

    assertThat(inForce).contains(new Limits(DataSize.ofMegabytes(128), 0.5, 64));
    HostConfig host = docker.inspectContainerCmd(sandbox.id()).exec().getHostConfig();
    assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
  }

  /** A container that is made, not started: Docker changes its limits all the same. */
  private Sandbox container(HostConfig host) {
    String id =
        docker
            .createContainerCmd(Infrastructure.IMAGE)
            .withHostConfig(
                host.withMemory(128L << 20).withMemorySwap(128L << 20).withPidsLimit(32L))
            .exec()
            .getId();
    made.add(id);
    return new Sandbox(
        id,
        "limits-" + id,
        1,
        1,
        1,
        "spec",
        0,
        Sandbox.State.CREATED,
        URI.create("http://localhost:9000"),
        Instant.now());
  }
}
