package dev.paddock.aot;

import dev.paddock.events.Events;
import dev.paddock.sandbox.AotTraining;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One training of a release's AOT cache, start to event: a directory for it, the engine's two runs,
 * the cache copied out beside the jar, the directory removed, and {@code release.aot-cache.built}
 * or {@code release.aot-cache.failed} recorded. Not thread-safe: one at a time ({@link AotCaches}).
 */
record Training(AotTraining engine, Events events, CacheFiles files, Duration timeout) {

  /** Trains; returns why it failed, empty when the cache is kept. */
  Optional<String> run(SandboxSpec spec, CacheKey key, List<String> warmup) {
    List<String> paths = new ArrayList<>();
    paths.add(spec.healthPath() == null ? "/" : spec.healthPath());
    paths.addAll(warmup);
    long started = System.nanoTime();
    Path dir = null;
    try {
      dir = files.prepare(spec.uid());
      engine.train(spec, key.pinned(), paths, timeout, dir);
      long size = files.keep(dir, spec.artifactSha256(), key);
      files.dropOthers(spec.artifactSha256(), key);
      record(spec, "built", built(spec, paths, size, started));
      return Optional.empty();
    } catch (SandboxException | IOException e) {
      String reason = e.getMessage();
      record(spec, "failed", failed(spec, reason));
      return Optional.of(reason);
    } finally {
      remove(dir);
    }
  }

  private static String built(SandboxSpec spec, List<String> paths, long size, long started) {
    return ("AOT cache of release v%d built in %.1f s (%d MB), trained on its start and %s:"
            + " its next starts use it")
        .formatted(
            spec.version(),
            (System.nanoTime() - started) / 1e9,
            size >> 20,
            String.join(", ", paths));
  }

  private String failed(SandboxSpec spec, String reason) {
    return ("No AOT cache for release v%d: %s. It starts as before, without one; a training"
            + " needs the release to start and answer its health path within %d s")
        .formatted(spec.version(), reason, timeout.toSeconds());
  }

  private void record(SandboxSpec spec, String outcome, String message) {
    events.record(
        spec.owner().tenantId(), spec.owner().appId(), "release.aot-cache." + outcome, message);
  }

  private void remove(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      files.remove(dir);
    } catch (IOException e) {
      // Left in the training directory, which the next training does not read.
    }
  }
}
