package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs host commands in a short-lived container of the sandbox image in the host's network
 * namespace, as root there with only {@code NET_ADMIN} and {@code NET_RAW} added, the host's {@code
 * /usr} mounted read-only for its programs: how a control plane that is not root, but may use
 * Docker (which is root's power already), writes the host's firewall. About a second a command.
 * Thread-safe.
 */
final class HostNetworkContainer implements HostCommand.Runner {

  /** Labels the helper containers, never a sandbox's label: the reconciler leaves them alone. */
  static final String LABEL = "paddock.host-command";

  private static final int MAX_OUTPUT = 64 * 1024;

  private final DockerClient docker;
  private final String image;
  private final String installation;

  HostNetworkContainer(DockerClient docker, String image, String installation) {
    this.docker = docker;
    this.image = image;
    this.installation = installation;
  }

  @Override
  public HostCommand.Result run(HostCommand command) {
    List<String> entrypoint =
        new ArrayList<>(List.of("/usr/bin/sh", "-c", "printf '%s' \"$INPUT\" | \"$@\" 2>&1", "sh"));
    entrypoint.addAll(command.argv());
    String id;
    try {
      id =
          docker
              .createContainerCmd(image)
              .withName(installation + "-host-" + UUID.randomUUID().toString().substring(0, 8))
              .withEntrypoint(entrypoint)
              .withUser("0:0")
              .withEnv("INPUT=" + command.input(), "PATH=/usr/sbin:/usr/bin")
              .withLabels(Map.of(LABEL, installation))
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withNetworkMode("host")
                      .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW)
                      .withBinds(
                          new Bind("/usr", new Volume("/usr"), AccessMode.ro),
                          new Bind(
                              "/etc/alternatives", new Volume("/etc/alternatives"), AccessMode.ro)))
              .exec()
              .getId();
    } catch (RuntimeException e) {
      throw new EgressException("Cannot run " + command + " through Docker: " + e.getMessage(), e);
    }
    try {
      docker.startContainerCmd(id).exec();
      int exit = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
      return new HostCommand.Result(exit, output(id));
    } catch (RuntimeException e) {
      throw new EgressException("Cannot run " + command + " through Docker: " + e.getMessage(), e);
    } finally {
      try {
        docker.removeContainerCmd(id).withForce(true).exec();
      } catch (RuntimeException e) {
        // Gone already, or the daemon is away: a leftover carries the label, for the operator.
      }
    }
  }

  private String output(String id) {
    StringBuilder out = new StringBuilder();
    try {
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  if (out.length() < MAX_OUTPUT) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                }
              })
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString().strip();
  }
}
