package dev.paddock.aot;

import dev.paddock.Installation;
import dev.paddock.events.Events;
import dev.paddock.sandbox.AotCache;
import dev.paddock.sandbox.AotTraining;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Gives every start of a release its AOT cache, trained on the release's own code: a spec whose
 * cache exists for its key ({@link CacheKey}) starts with it; one whose release is live and has
 * none queues a training, one at a time, so no deploy waits for it; one whose release has a cache
 * only for other options starts without it ({@code release.aot-cache.stale}) and gets a new one.
 * Engines that cannot train start everything without. Thread-safe.
 */
@Component
public class AotCaches {

  private final Optional<AotTraining> engine;
  private final Events events;
  private final WarmupPaths warmup;
  private final CacheFiles files;
  private final AotProperties properties;
  private final String image;
  private final Clock clock;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> failed = new ConcurrentHashMap<>();
  private final ExecutorService trainer =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("paddock-aot-training").factory());

  AotCaches(
      Optional<AotTraining> training,
      Events events,
      WarmupPaths warmup,
      Installation installation,
      AotProperties properties,
      SandboxProperties sandboxes,
      Clock clock) {
    this.engine = training.filter(t -> properties.enabled());
    this.events = events;
    this.warmup = warmup;
    this.files = new CacheFiles(installation, properties.maxSize());
    this.properties = properties;
    this.image = sandboxes.image();
    this.clock = clock;
  }

  /**
   * {@code spec} with its release's cache when one matches it; else as it is, queuing a training
   * when {@code live} (the release serves already). Never blocks on a training.
   */
  public SandboxSpec attach(SandboxSpec spec, boolean live) {
    if (engine.isEmpty()) {
      return spec;
    }
    CacheKey key = CacheKey.of(spec, image);
    Path cache = files.cache(spec.artifactSha256(), key);
    if (Files.isRegularFile(cache)) {
      return spec.withAot(
          new AotCache(cache, key.pinned(), "release v%d's own".formatted(spec.version())));
    }
    stale(spec, key);
    if (live) {
      queue(spec, key);
    }
    return spec;
  }

  private void stale(SandboxSpec spec, CacheKey key) {
    try {
      Optional<Path> other = files.other(spec.artifactSha256(), key);
      if (other.isPresent() && reported.add(spec.owner().appId() + "/" + key.hash())) {
        events.record(
            spec.owner().tenantId(),
            spec.owner().appId(),
            "release.aot-cache.stale",
            ("The AOT cache of release v%d was trained with %s, and the release now starts with %s:"
                    + " the JVM would refuse it, so sandboxes start without it until a new one is"
                    + " trained")
                .formatted(
                    spec.version(),
                    Files.readString(other.get()).strip(),
                    String.join(" ", key.options())));
      }
    } catch (IOException e) {
      // An unreadable options file only costs the event; the start goes on without a cache.
    }
  }

  private void queue(SandboxSpec spec, CacheKey key) {
    String id = spec.artifactSha256() + "-" + key.hash();
    Instant lastFailure = failed.get(id);
    if (lastFailure != null && lastFailure.plus(properties.retryAfter()).isAfter(clock.instant())) {
      return;
    }
    if (queued.add(id)) {
      trainer.execute(
          () -> {
            try {
              train(spec, key, id);
            } finally {
              queued.remove(id);
            }
          });
    }
  }

  private void train(SandboxSpec spec, CacheKey key, String id) {
    new Training(engine.orElseThrow(), events, files, properties.timeout())
        .run(spec, key, warmup.of(spec.owner().appId()))
        .ifPresent(failure -> failed.put(id, clock.instant()));
  }
}
