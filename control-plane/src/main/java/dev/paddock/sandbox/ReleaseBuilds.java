package dev.paddock.sandbox;

import java.util.Set;
import java.util.function.Supplier;

/**
 * A driver that builds something of its own per release (a Docker image) and keeps it after the
 * release's sandboxes are gone. Drivers without it build nothing that outlives a sandbox.
 */
public interface ReleaseBuilds {

  /**
   * Removes what was built for jars no longer retained, and what was built on an older sandbox
   * image. {@code retained} (the retained jars' sha256) is read after listing, so a build made for
   * a new release meanwhile is never taken for an old one; what a sandbox still runs stays.
   */
  void prune(Supplier<Set<String>> retained);
}
