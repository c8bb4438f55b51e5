package dev.paddock.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * A release's AOT cache (JDK 25, {@code -XX:AOTCache}) on the control plane's disk, which a sandbox
 * mounts read-only, with the JVM options it was trained with: the sandbox's JVM gets the same ones,
 * since the JVM refuses a cache made under other options.
 *
 * @param file the cache, a regular file the control plane wrote
 * @param jvmOptions the options pinned at training, which the production JVM gets too
 * @param description what the runner names in its log line about the cache
 */
public record AotCache(Path file, List<String> jvmOptions, String description) {

  public AotCache {
    jvmOptions = List.copyOf(jvmOptions);
  }
}
