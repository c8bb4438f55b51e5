package dev.paddock.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs sandboxes on an engine (Docker, Kubernetes): lists, starts, resizes, stops and removes them.
 * How they do is read through {@link SandboxReadings}, what they wrote through {@link SandboxLogs}.
 * Implementations are thread-safe; every method is idempotent and throws {@link SandboxException}
 * when the engine refuses or is unreachable.
 */
public interface SandboxDriver {

  /** Every sandbox of this installation, found by label, in any state. */
  List<Sandbox> list();

  /** The app's sandboxes, in any state. */
  default List<Sandbox> list(long appId) {
    return list().stream().filter(s -> s.appId() == appId).toList();
  }

  /** Creates and starts the sandbox for this spec, or returns the one that already exists. */
  Sandbox start(SandboxSpec spec);

  /**
   * Gives a running sandbox the CPUs and pids of {@code limits} in place (memory is not changed:
   * the JVM sized its heap from it). Returns the limits in force as the engine reads them back when
   * it changed anything, empty when they were in force already.
   */
  Optional<Limits> resize(Sandbox sandbox, Limits limits);

  /** Stops the sandbox (it drains for up to {@code grace}) and removes it; absent is fine. */
  void remove(Sandbox sandbox, Duration grace);

  /**
   * Stops the sandbox, letting it drain for up to {@code grace}, and keeps it for {@link
   * SandboxLogs#logs} and {@link #remove}; stopped or absent is fine. Returns how it died when it
   * died of itself before the stop ended it: killed at its memory limit, out of Java memory,
   * crashed. Drivers that cannot keep a stopped sandbox remove it and return empty.
   */
  default Optional<String> stop(Sandbox sandbox, Duration grace) {
    remove(sandbox, grace);
    return Optional.empty();
  }
}
