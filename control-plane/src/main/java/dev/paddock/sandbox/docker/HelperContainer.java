package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to completion in a short-lived container of the sandbox image, as root there,
 * with the host's {@code /usr} mounted read-only for its programs and whatever else the caller's
 * host config adds: how a control plane that is not root, but may use Docker (which is root's power
 * already), does the few things on the host that need root. About half a second a command. What
 * fails is docker-java's unchecked exception, for the caller to name. Thread-safe.
 */
final class HelperContainer {

  /** Labels the helper containers, never a sandbox's label: the reconciler leaves them alone. */
  static final String LABEL = "paddock.host-command";

  private static final int MAX_OUTPUT = 64 * 1024;

  private final DockerClient docker;
  private final String image;
  private final String installation;

  HelperContainer(DockerClient docker, String image, String installation) {
    this.docker = docker;
    this.image = image;
    this.installation = installation;
  }

  /** The host config every helper starts from: the host's programs, read-only. */
  static HostConfig hostConfig() {
    return HostConfig.newHostConfig()
        .withBinds(
            new Bind("/usr", new Volume("/usr"), AccessMode.ro),
            new Bind("/etc/alternatives", new Volume("/etc/alternatives"), AccessMode.ro));
  }

  /** Runs {@code entrypoint} with {@code env} and {@code host}, and returns its exit and output. */
  HostCommand.Result run(List<String> entrypoint, List<String> env, HostConfig host) {
    String id =
        docker
            .createContainerCmd(image)
            .withName(installation + "-host-" + UUID.randomUUID().toString().substring(0, 8))
            .withEntrypoint(entrypoint)
            .withUser("0:0")
            .withEnv(env)
            .withLabels(Map.of(LABEL, installation))
            .withHostConfig(host)
            .exec()
            .getId();
    try {
      docker.startContainerCmd(id).exec();
      int exit = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
      return new HostCommand.Result(exit, output(id));
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
