package dev.paddock.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;

/** Keeps the jars of an app's newest releases and deletes the older ones. */
@Component
public class Retention {

  private final Releases releases;
  private final ArtifactStore artifacts;
  private final ReleaseProperties properties;

  Retention(Releases releases, ArtifactStore artifacts, ReleaseProperties properties) {
    this.releases = releases;
    this.artifacts = artifacts;
    this.properties = properties;
  }

  /** Call after a release was made; idempotent. */
  public void prune(long appId) {
    for (String sha256 : releases.prune(appId, properties.retain())) {
      try {
        artifacts.delete(sha256);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete the jar " + sha256, e);
      }
    }
  }

  /** Refuses to roll out a release whose jar is gone. */
  public static void requireRetained(Release release) {
    if (!release.retained()) {
      throw new ReleaseGoneException(release.version());
    }
  }
}
