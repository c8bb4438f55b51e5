package dev.paddock.sandbox;

import java.nio.file.Path;

/** Where an engine finds a release's jar by its SHA-256, to hand it to the sandboxes it starts. */
@FunctionalInterface
public interface ArtifactSource {

  /** The jar on this host's disk; throws if this host has no such release. */
  Path local(String sha256);
}
