package dev.paddock.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A driver that can make a release's AOT cache: a training run of the release in a sandbox with the
 * spec's confinement (uid, CPU, pids, read-only root, the tenant's network), which records what the
 * JVM loads while it starts and answers {@code paths}, then a second run that turns that record
 * into the cache. Both write only into {@code dir}, the one host path they see. Thread-safe; what
 * it starts is removed before it returns.
 */
public interface AotTraining {

  /** Where, inside the training's sandbox, {@code dir} is mounted. */
  String MOUNT = "/aot";

  /** The file name of the cache the training leaves in {@code dir}. */
  String CACHE = "app.aot";

  /**
   * Trains the release of {@code spec} with {@code jvmOptions} pinned, each run bounded by {@code
   * timeout}; returns normally once the JVM reported the cache written.
   *
   * @throws SandboxException when a run fails, times out or the engine refuses; the message says
   *     why, with the run's last lines
   */
  void train(
      SandboxSpec spec, List<String> jvmOptions, List<String> paths, Duration timeout, Path dir);
}
