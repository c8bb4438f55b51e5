package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.paddock.Installation;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * One image per release: the sandbox image plus the release's jar at {@code /app/app.jar}. The tag
 * names the jar's sha256 and the sandbox image's id, so a new sandbox image rebuilds it and the
 * same jar is never built twice.
 */
class ReleaseImages {

  private final DockerClient docker;
  private final Installation installation;
  private final SandboxProperties properties;

  ReleaseImages(DockerClient docker, Installation installation, SandboxProperties properties) {
    this.docker = docker;
    this.installation = installation;
    this.properties = properties;
  }

  /** The release's image, built if missing. Idempotent; concurrent calls may both build. */
  String ensure(SandboxSpec spec) {
    String tag = tag(spec);
    if (exists(tag)) {
      return tag;
    }
    Path context = null;
    try {
      context = Files.createTempDirectory("paddock-build-");
      Files.writeString(
          context.resolve("Dockerfile"),
          "FROM %s\nCOPY app.jar /app/app.jar\n".formatted(properties.image()));
      Path jar = Files.copy(spec.artifact(), context.resolve("app.jar"));
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
      docker
          .buildImageCmd(context.toFile())
          .withTags(Set.of(tag))
          .withLabels(Map.of(Labels.MANAGED_BY, installation.name()))
          .withPull(false)
          .exec(new BuildImageResultCallback())
          .awaitImageId(5, TimeUnit.MINUTES);
      return tag;
    } catch (IOException | RuntimeException e) {
      throw new SandboxException(
          "Building the image of release %d failed: %s".formatted(spec.version(), e.getMessage()),
          e);
    } finally {
      if (context != null) {
        FileSystemUtils.deleteRecursively(context.toFile());
      }
    }
  }

  private String tag(SandboxSpec spec) {
    String base;
    try {
      base = docker.inspectImageCmd(properties.image()).exec().getId();
    } catch (NotFoundException e) {
      throw new SandboxException(
          "The sandbox image %s is missing: build it with sandbox-runner/build-image.sh (--offline without a registry)"
              .formatted(properties.image()),
          e);
    }
    String baseId = base.substring(base.indexOf(':') + 1, base.indexOf(':') + 13);
    return "%s-release:%s-%s"
        .formatted(installation.name(), spec.artifactSha256().substring(0, 32), baseId);
  }

  private boolean exists(String tag) {
    try {
      docker.inspectImageCmd(tag).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
