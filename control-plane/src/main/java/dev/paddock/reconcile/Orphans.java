package dev.paddock.reconcile;

import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.ReleaseBuilds;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SocketDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What no app owns any more: sandboxes and socket directories of deleted apps, and what the engine
 * built for releases no longer retained. Removed on the leader's resync. Apps are read after
 * listing, so something a new app made a moment ago is never taken for an orphan; directories are
 * judged only once the orphan sandboxes are gone, and not at all while one of them remains, as it
 * may still mount its own. Idempotent.
 */
@Component
class Orphans {

  private static final Logger log = LoggerFactory.getLogger(Orphans.class);

  private final SandboxDriver driver;
  private final Optional<ReleaseBuilds> builds;
  private final DesiredState state;
  private final AppSockets sockets;
  private final SocketDirectories directories;
  private final SandboxProperties properties;

  Orphans(
      SandboxDriver driver,
      Optional<ReleaseBuilds> builds,
      DesiredState state,
      AppSockets sockets,
      SocketDirectories directories,
      SandboxProperties properties) {
    this.driver = driver;
    this.builds = builds;
    this.state = state;
    this.sockets = sockets;
    this.directories = directories;
    this.properties = properties;
  }

  /**
   * Removes every orphan among {@code listed} (the installation's sandboxes, listed before this
   * call) and the directories no app owns; a directory that cannot go yet is left for the next
   * call.
   */
  void remove(List<Sandbox> listed) throws IOException {
    Set<Long> appIds = new HashSet<>(state.appIds());
    boolean orphaned = false;
    for (Sandbox sandbox : listed) {
      if (!appIds.contains(sandbox.appId())) {
        log.info("Removing orphan sandbox {}", sandbox.name());
        driver.remove(sandbox, properties.drainTimeout());
        orphaned = true;
      }
    }
    // A sandbox listed before may have been an orphan's that is gone only now: its directory waits
    // for a listing taken after it went, the next call's.
    if (!orphaned) {
      removeDirectories();
    }
    builds.ifPresent(b -> b.prune(state::retainedArtifacts));
  }

  private void removeDirectories() throws IOException {
    // In this order, a directory listed belongs to an app created before the live ones were read,
    // and every sandbox listed (before this call) whose app still exists has its directory among
    // them.
    List<Path> dirs = socketDirs();
    Set<Path> live = new HashSet<>();
    state.appNames().forEach(a -> live.add(sockets.dir(a.tenant(), a.app())));
    for (Path dir : dirs) {
      if (!live.contains(dir)) {
        try {
          directories.remove(dir);
        } catch (UncheckedIOException e) {
          log.warn("{}, the next resync retries", e.getMessage());
        }
      }
    }
  }

  private List<Path> socketDirs() throws IOException {
    if (!Files.isDirectory(sockets.root())) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(sockets.root())) {
      return dirs.toList();
    }
  }
}
