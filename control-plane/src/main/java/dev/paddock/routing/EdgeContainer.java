package dev.paddock.routing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs the edge's server in a container of its own, for a control plane that is not root: as a user
 * that is not the control plane's (which may use the engine), in the host's network namespace,
 * seeing only the host paths it is given and the upstreams' directory, read-only. One per
 * installation; like a managed httpd, it outlives the control plane.
 */
public interface EdgeContainer {

  /** What runs: {@code command} as {@code user} ({@code uid:gid}), with these host paths. */
  record Spec(String user, List<String> command, List<Mount> mounts) {}

  /** A host path the container sees at the same path, writable only when said. */
  record Mount(Path path, boolean writable) {}

  /** The host pid of the container's main process while it runs. */
  Optional<Long> pid();

  /** The host pid of the container's main process, if it runs and was started from {@code spec}. */
  Optional<Long> running(Spec spec);

  /** Replaces any container of the edge with a new one running {@code spec}. */
  void start(Spec spec);

  /** Sends {@code signal} ({@code USR1}, {@code TERM}, …) to the container's main process. */
  void signal(String signal);

  /** Removes the container, running or not. Idempotent. */
  void remove();
}
