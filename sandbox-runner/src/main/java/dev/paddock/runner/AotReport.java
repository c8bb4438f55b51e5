package dev.paddock.runner;

import java.util.Map;
import java.util.Optional;

/**
 * Says in one line whether the JVM took the release's AOT cache that the control plane gave it
 * ({@code PADDOCK_AOT_CACHE} names it). The JVM's own messages about the cache are turned off, as
 * they are noise in the tenant's log; a refusal means the JVM's options differ from the training
 * run's, and the app starts as fast as it would without a cache.
 */
final class AotReport {

  private AotReport() {}

  static Optional<String> of(Map<String, String> env, String vmInfo) {
    String cache = env.get("PADDOCK_AOT_CACHE");
    if (cache == null || cache.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        vmInfo != null && vmInfo.contains("sharing")
            ? "AOT cache in use: " + cache
            : "AOT cache not used: the JVM refused " + cache + "; the app starts without it");
  }
}
