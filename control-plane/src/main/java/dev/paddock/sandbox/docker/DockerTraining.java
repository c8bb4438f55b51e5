package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.paddock.Installation;
import dev.paddock.sandbox.AotTraining;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxCommand;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A release's AOT training as two containers run one after the other with the sandbox's
 * confinement: the first starts the release, answers its health and warm-up paths and records what
 * its JVM loaded; the second turns the record into the cache. Neither carries an app's label, so no
 * reconcile pass takes them for a sandbox; each is removed before the next step. What a control
 * plane killed mid-training left behind goes before the next training run.
 */
final class DockerTraining {

  static final String LABEL = "paddock.aot-training";

  /**
   * Room above the app's limit for the JVM's own work at the end of a run: it writes down every
   * class it loaded (59 MB for the Spring Boot example), which the 256 MiB the app runs in has no
   * room for. The heap stays the app's: its size is pinned in the environment.
   */
  static final long EXTRA_MEMORY = 512L << 20;

  /** A training run yields the CPU to serving sandboxes: a quarter of Docker's default weight. */
  static final int CPU_SHARES = 256;

  private final DockerClient docker;
  private final Installation installation;
  private final Confinement confinement;
  private final ContainerLogs logs;

  DockerTraining(
      DockerClient docker, Installation installation, Confinement confinement, ContainerLogs logs) {
    this.docker = docker;
    this.installation = installation;
    this.confinement = confinement;
    this.logs = logs;
  }

  /** See {@link AotTraining#train}. */
  void run(
      SandboxSpec spec,
      String image,
      String network,
      List<String> pinned,
      List<String> paths,
      Duration timeout,
      Path dir) {
    removeLeftovers();
    List<String> env = new ArrayList<>(confinement.env(spec, false, spec.limits().cpus()));
    env.add("PADDOCK_TRAINING_PATHS=" + String.join("\n", paths));
    step(spec, image, network, SandboxCommand.record(spec, pinned), env, timeout, dir);
    step(spec, image, network, SandboxCommand.create(spec, pinned), env, timeout, dir);
  }

  /**
   * Removes this installation's training containers: runs are one at a time, so any there now was
   * left by a control plane that died during one (its JVM exits by itself, its container stays).
   */
  private void removeLeftovers() {
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(List.of(Labels.MANAGED_BY + "=" + installation.name(), LABEL))
        .exec()
        .forEach(left -> docker.removeContainerCmd(left.getId()).withForce(true).exec());
  }

  private void step(
      SandboxSpec spec,
      String image,
      String network,
      List<String> command,
      List<String> env,
      Duration timeout,
      Path dir) {
    String name =
        "%s-%s-%s-aot-%s"
            .formatted(
                installation.name(),
                spec.owner().tenant(),
                spec.owner().app(),
                HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    String id = create(spec, image, name, host(spec, network, dir), command, env);
    try {
      docker.startContainerCmd(id).exec();
      await(id, name, timeout);
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  private HostConfig host(SandboxSpec spec, String network, Path dir) {
    return confinement
        .host(
            spec,
            network,
            spec.limits().cpus(),
            EXTRA_MEMORY,
            List.of(new Bind(dir.toString(), new Volume(AotTraining.MOUNT))))
        .withCpuShares(CPU_SHARES);
  }

  private String create(
      SandboxSpec spec,
      String image,
      String name,
      HostConfig host,
      List<String> command,
      List<String> env) {
    return docker
        .createContainerCmd(image)
        .withName(name)
        .withUser(spec.uid() + ":" + spec.uid())
        .withCmd(command)
        .withEnv(env)
        .withLabels(Map.of(Labels.MANAGED_BY, installation.name(), LABEL, spec.artifactSha256()))
        .withHostConfig(host)
        .exec()
        .getId();
  }

  private void await(String id, String name, Duration timeout) {
    int exit;
    try {
      exit =
          docker
              .waitContainerCmd(id)
              .start()
              .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (DockerClientException timedOut) {
      throw new SandboxException(
          "the training run did not end within %ds%s"
              .formatted(timeout.toSeconds(), lastLines(id, name)),
          timedOut);
    }
    if (exit != 0) {
      throw new SandboxException(
          "the training run exited with status %d%s".formatted(exit, lastLines(id, name)), null);
    }
  }

  private String lastLines(String id, String name) {
    Sandbox run = new Sandbox(id, name, 0, 0, 0, "", 0, Sandbox.State.EXITED, null, Instant.now());
    List<String> lines = logs.logs(run, 5);
    return lines.isEmpty() ? "" : "; its last lines: " + String.join(" | ", lines);
  }
}
