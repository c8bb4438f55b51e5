package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import dev.paddock.Installation;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.util.FileSystemUtils;

/**
 * One image per release: the sandbox image plus the release's jar at {@code /app/app.jar} (a Spring
 * Boot jar extracted, its libraries beside it). The tag names the jar's sha256 and the sandbox
 * image's id, so a new sandbox image rebuilds it and the same jar is never built twice.
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
      try (InputStream tar = Files.newInputStream(context(context, spec))) {
        docker
            .buildImageCmd(tar)
            .withTags(Set.of(tag))
            .withLabels(Map.of(Labels.MANAGED_BY, installation.name()))
            .withPull(false)
            .exec(new BuildImageResultCallback())
            .awaitImageId(5, TimeUnit.MINUTES);
      }
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

  /**
   * The build context as an uncompressed tar in {@code dir}: a Dockerfile on the sandbox image and
   * the release's {@code /app}, world-readable: its jar, or a Spring Boot jar's extracted layout
   * (see {@link SpringBootLayout}). Given a directory, docker-java gzips its context: for a Spring
   * Boot jar's nested jars, deflated already, about a second of a deploy's for nothing.
   */
  private Path context(Path dir, SandboxSpec spec) throws IOException {
    Path app = Files.createDirectory(dir.resolve("app"));
    if (spec.handler() || !SpringBootLayout.extract(spec.artifact(), app)) {
      Files.copy(spec.artifact(), app.resolve("app.jar"));
    }
    Path tar = dir.resolve("context.tar");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar));
        Stream<Path> tree = Files.walk(app)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      byte[] dockerfile =
          "FROM %s\nCOPY app /app/\n"
              .formatted(properties.image())
              .getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("Dockerfile");
      entry.setSize(dockerfile.length);
      out.putArchiveEntry(entry);
      out.write(dockerfile);
      out.closeArchiveEntry();
      for (Path path : tree.toList()) {
        String name = dir.relativize(path).toString();
        boolean directory = Files.isDirectory(path);
        TarArchiveEntry file = new TarArchiveEntry(directory ? name + "/" : name);
        file.setMode(directory ? 040755 : 0100644);
        if (!directory) {
          file.setSize(Files.size(path));
        }
        out.putArchiveEntry(file);
        if (!directory) {
          Files.copy(path, out);
        }
        out.closeArchiveEntry();
      }
    }
    return tar;
  }

  /** See {@link dev.paddock.sandbox.ReleaseBuilds#prune}. */
  void prune(Supplier<Set<String>> retained) {
    List<Image> images =
        docker
            .listImagesCmd()
            .withLabelFilter(Map.of(Labels.MANAGED_BY, installation.name()))
            .exec();
    Set<String> keep = new HashSet<>();
    String base = baseId();
    retained.get().forEach(sha256 -> keep.add(tag(sha256, base)));
    for (Image image : images) {
      List<String> tags =
          Arrays.stream(image.getRepoTags() == null ? new String[0] : image.getRepoTags())
              .filter(tag -> !tag.equals("<none>:<none>"))
              .toList();
      // Ours: tagged as a release image, or left untagged by a build that lost a race for the tag.
      boolean ours = tags.stream().allMatch(tag -> tag.startsWith(repository() + ":"));
      if (ours && tags.stream().noneMatch(keep::contains)) {
        try {
          docker.removeImageCmd(image.getId()).exec();
        } catch (NotFoundException | ConflictException e) {
          // Gone already, or a container still uses it: the next pass tries again.
        }
      }
    }
  }

  private String tag(SandboxSpec spec) {
    return tag(spec.artifactSha256(), baseId());
  }

  private String tag(String sha256, String baseId) {
    return "%s:%s-%s".formatted(repository(), sha256.substring(0, 32), baseId);
  }

  private String repository() {
    return installation.name() + "-release";
  }

  /** The start of the sandbox image's id: a new sandbox image makes new release images. */
  private String baseId() {
    String base;
    try {
      base = docker.inspectImageCmd(properties.image()).exec().getId();
    } catch (NotFoundException e) {
      throw new SandboxException(
          "The sandbox image %s is missing: build it with sandbox-runner/build-image.sh (--offline without a registry)"
              .formatted(properties.image()),
          e);
    }
    return base.substring(base.indexOf(':') + 1, base.indexOf(':') + 13);
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
