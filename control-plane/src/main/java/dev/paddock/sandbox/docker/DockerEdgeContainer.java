package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.paddock.routing.EdgeContainer;
import dev.paddock.routing.RoutingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge's container on the Docker engine: the sandbox image with the host's programs, named
 * {@code <installation>-edge}. It has no capability, no new privileges, a read-only root, and no
 * engine socket; the apps' socket root is mounted read-only, its per-app mounts following the
 * host's ({@code rslave}: the root is a shared mount, as a control plane without root requires).
 */
final class DockerEdgeContainer implements EdgeContainer {

  /** Labels the edge's container: never a sandbox, never an orphan. */
  static final String LABEL = "paddock.edge";

  private static final String SPEC = "paddock.edge-spec";

  private final DockerClient docker;
  private final String image;
  private final String installation;
  private final Path upstreams;

  DockerEdgeContainer(DockerClient docker, String image, String installation, Path upstreams) {
    this.docker = docker;
    this.image = image;
    this.installation = installation;
    this.upstreams = upstreams;
  }

  @Override
  public Optional<Long> pid() {
    return inspect().flatMap(DockerEdgeContainer::pidOf);
  }

  @Override
  public Optional<Long> running(Spec spec) {
    return inspect()
        .filter(c -> hash(spec).equals(c.getConfig().getLabels().get(SPEC)))
        .flatMap(DockerEdgeContainer::pidOf);
  }

  @Override
  public void start(Spec spec) {
    remove();
    List<com.github.dockerjava.api.model.Mount> mounts = new ArrayList<>();
    for (EdgeContainer.Mount m : spec.mounts()) {
      mounts.add(bind(m.path()).withReadOnly(!m.writable()));
    }
    mounts.add(
        bind(upstreams)
            .withReadOnly(true)
            .withBindOptions(new BindOptions().withPropagation(BindPropagation.R_SLAVE)));
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode("host")
            .withReadonlyRootfs(true)
            .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=16m"))
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withMounts(mounts)
            .withRestartPolicy(RestartPolicy.noRestart())
            .withLogConfig(
                new LogConfig(
                    LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "10m", "max-file", "2")));
    try {
      String id =
          docker
              .createContainerCmd(image)
              .withName(name())
              .withUser(spec.user())
              .withEntrypoint(spec.command())
              .withLabels(
                  Map.of(Labels.MANAGED_BY, installation, LABEL, installation, SPEC, hash(spec)))
              .withHostConfig(host)
              .exec()
              .getId();
      docker.startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      throw new RoutingException(
          "Cannot start the edge's container %s: %s".formatted(name(), e.getMessage()), e);
    }
  }

  @Override
  public void signal(String signal) {
    try {
      docker.killContainerCmd(name()).withSignal(signal).exec();
    } catch (NotFoundException | ConflictException e) {
      throw new RoutingException(
          "The edge's container %s is not running (%s)".formatted(name(), e.getMessage()), e);
    }
  }

  @Override
  public void remove() {
    try {
      docker.removeContainerCmd(name()).withForce(true).exec();
    } catch (NotFoundException e) {
      // Gone already.
    }
  }

  private String name() {
    return installation + "-edge";
  }

  private Optional<InspectContainerResponse> inspect() {
    try {
      return Optional.of(docker.inspectContainerCmd(name()).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> pidOf(InspectContainerResponse container) {
    var state = container.getState();
    Long pid = state.getPidLong();
    return Boolean.TRUE.equals(state.getRunning()) && pid != null && pid > 0
        ? Optional.of(pid)
        : Optional.empty();
  }

  private static com.github.dockerjava.api.model.Mount bind(Path path) {
    return new com.github.dockerjava.api.model.Mount()
        .withType(MountType.BIND)
        .withSource(path.toString())
        .withTarget(path.toString());
  }

  private String hash(Spec spec) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((spec + "\n" + upstreams).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
