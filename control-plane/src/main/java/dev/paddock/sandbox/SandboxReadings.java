package dev.paddock.sandbox;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads how a sandbox is doing: whether it serves, and what it uses. Implementations are
 * thread-safe and change nothing; they throw {@link SandboxException} when the engine refuses or is
 * unreachable.
 */
public interface SandboxReadings {

  /** Asks the sandbox whether it serves. Never throws for a sandbox that has died: that is Down. */
  Health probe(Sandbox sandbox);

  /**
   * As {@link #probe(Sandbox)}, for a sandbox that starts: where the engine can, the answer is held
   * up to {@code wait} and comes the moment the sandbox serves; elsewhere it comes at once.
   */
  default Health probe(Sandbox sandbox, Duration wait) {
    return probe(sandbox);
  }

  /** What the sandbox uses now; empty when it is not running. */
  Optional<Usage> usage(Sandbox sandbox);
}
