package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import dev.paddock.Installation;
import dev.paddock.sandbox.AotTraining;
import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.ReleaseBuilds;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxCommand;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.SandboxWatcher;
import dev.paddock.sandbox.SocketDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Runs sandboxes as Docker containers: one per app instance, running as the tenant's uid with a
 * read-only root, no capabilities, no new privileges, capped memory, CPU and pids, on the tenant's
 * own network, with no published port and no host path but the app's socket inbox ({@link
 * dev.paddock.sandbox.AppSockets}), where it binds its socket. {@link DockerReadings} reads how
 * they do, {@link ContainerLogs} what they wrote.
 */
class DockerSandboxDriver implements SandboxDriver, SandboxWatcher, ReleaseBuilds, AotTraining {

  static final String SOCKET_MOUNT = "/run/paddock";

  private final DockerClient docker;
  private final DockerStreams streams;
  private final ReleaseImages images;
  private final TenantNetworks networks;
  private final SocketDirectories sockets;
  private final Installation installation;
  private final SandboxProperties properties;
  private final ContainerLimits containerLimits;
  private final Confinement confinement;
  private final DockerTraining training;

  DockerSandboxDriver(
      DockerClient docker,
      DockerStreams streams,
      ReleaseImages images,
      SocketDirectories sockets,
      Installation installation,
      SandboxProperties properties,
      SandboxEgress egress) {
    this.docker = docker;
    this.images = images;
    this.networks =
        new TenantNetworks(
            docker, installation, egress, SubnetPool.configured(properties.networkPool()));
    this.sockets = sockets;
    this.installation = installation;
    this.properties = properties;
    this.streams = streams;
    this.containerLimits = new ContainerLimits(docker, properties.startCpus());
    this.confinement = new Confinement(properties);
    this.training =
        new DockerTraining(
            docker, installation, confinement, new ContainerLogs(docker, streams.docker()));
  }

  /**
   * Restricts egress from the tenant networks that already exist, such as after a restart of the
   * control plane, once those no container uses are given back. Idempotent; throws {@link
   * SandboxException}, and the next sandbox start tries again.
   */
  void restrictEgress() {
    call(
        "list networks",
        () -> {
          networks.pruneAndFence();
          return null;
        });
  }

  @Override
  public List<Sandbox> list() {
    return list(Map.of(Labels.MANAGED_BY, installation.name()));
  }

  @Override
  public List<Sandbox> list(long appId) {
    return list(
        Map.of(Labels.MANAGED_BY, installation.name(), Labels.APP_ID, String.valueOf(appId)));
  }

  private List<Sandbox> list(Map<String, String> labels) {
    return call(
        "list containers",
        () ->
            docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().stream()
                // An image build's passing container carries the label, but is no sandbox.
                .filter(c -> c.getLabels().containsKey(Labels.APP_ID))
                .map(c -> Labels.sandbox(c, properties.adminPort()))
                .toList());
  }

  @Override
  public Sandbox start(SandboxSpec spec) {
    String name = containerName(spec);
    return call(
        "start " + name,
        () -> {
          String image = images.ensure(spec);
          sockets.prepare(spec.socketDir(), spec.uid());
          networks.attach(
              spec.owner(),
              network -> {
                try {
                  create(spec, name, image, network);
                } catch (ConflictException alreadyThere) {
                  // Another pass created it first (or a previous control plane did): adopt it.
                }
                try {
                  docker.startContainerCmd(name).exec();
                } catch (NotModifiedException alreadyRunning) {
                  // Started before: fine.
                }
                return null;
              });
          return Labels.sandbox(find(name), properties.adminPort());
        });
  }

  @Override
  public void watch(LongConsumer onExit) {
    new DockerEvents(streams.docker(), installation.name()).follow(onExit);
  }

  @Override
  public Optional<Limits> resize(Sandbox sandbox, Limits limits) {
    return call("resize " + sandbox.name(), () -> containerLimits.resize(sandbox, limits));
  }

  @Override
  public Optional<String> stop(Sandbox sandbox, Duration grace) {
    return call(
        "stop " + sandbox.name(),
        () -> {
          halt(sandbox, grace);
          try {
            return ExitReason.ofItself(docker.inspectContainerCmd(sandbox.id()).exec().getState());
          } catch (NotFoundException gone) {
            return Optional.empty();
          }
        });
  }

  @Override
  public void remove(Sandbox sandbox, Duration grace) {
    call(
        "remove " + sandbox.name(),
        () -> {
          String tenant = networks.tenantOf(sandbox.id());
          halt(sandbox, grace);
          try {
            docker.removeContainerCmd(sandbox.id()).withForce(true).exec();
          } catch (NotFoundException gone) {
            // Removed already.
          } catch (ConflictException e) {
            if (!e.getMessage().contains("already in progress")) {
              throw e;
            }
            // Another caller is removing it.
          }
          containerLimits.forget(sandbox.id());
          networks.prune(tenant);
          return null;
        });
  }

  private void halt(Sandbox sandbox, Duration grace) {
    if (sandbox.state() == Sandbox.State.PAUSED) {
      // A frozen runner can neither drain nor die: thawed, it drains what it still holds.
      ContainerPauses.unpause(docker, sandbox.id());
    }
    try {
      // The runner drains for up to the grace period itself; Docker's SIGKILL comes later.
      int timeout = grace.isZero() ? 0 : (int) grace.toSeconds() + 5;
      docker.stopContainerCmd(sandbox.id()).withTimeout(timeout).exec();
    } catch (NotModifiedException | NotFoundException stoppedOrGone) {
      // Nothing to stop.
    }
  }

  @Override
  public void train(
      SandboxSpec spec, List<String> jvmOptions, List<String> paths, Duration timeout, Path dir) {
    call(
        "train release " + spec.version(),
        () -> {
          String image = images.ensure(spec);
          networks.attach(
              spec.owner(),
              network -> {
                training.run(spec, image, network, jvmOptions, paths, timeout, dir);
                return null;
              });
          networks.prune(spec.owner().tenant());
          return null;
        });
  }

  @Override
  public void prune(Supplier<Set<String>> retained) {
    images.prune(retained);
  }

  private void create(SandboxSpec spec, String name, String image, String network) {
    double cpus = confinement.startCpus(spec);
    docker
        .createContainerCmd(image)
        .withName(name)
        .withUser(spec.uid() + ":" + spec.uid())
        .withCmd(SandboxCommand.of(spec))
        .withEnv(confinement.env(spec, true, cpus))
        .withLabels(Labels.of(installation.name(), spec))
        .withHostConfig(confinement.host(spec, network, cpus, 0, Confinement.binds(spec)))
        .exec();
  }

  private String containerName(SandboxSpec spec) {
    return "%s-%s-%s-%s"
        .formatted(installation.name(), spec.owner().tenant(), spec.owner().app(), spec.hash());
  }

  private Container find(String name) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withNameFilter(List.of("^/" + name + "$"))
        .exec()
        .stream()
        .findFirst()
        .orElseThrow(
            () -> new SandboxException("Container " + name + " vanished after start", null));
  }

  private static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (SandboxException e) {
      throw e;
    } catch (DockerException e) {
      throw new SandboxException("Docker refused to " + what + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw SandboxException.unreachableOr("Docker", what, e);
    }
  }
}
