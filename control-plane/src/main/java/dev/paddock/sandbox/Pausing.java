package dev.paddock.sandbox;

/**
 * An engine that can freeze a sandbox in place and thaw it: a paused sandbox keeps its memory and
 * its JVM's state and uses no CPU, and resumes in milliseconds where a start takes the JVM's whole
 * start. Thread-safe; both calls are idempotent and throw {@link SandboxException} when the engine
 * refuses.
 */
public interface Pausing {

  /** Freezes the sandbox. */
  void pause(Sandbox sandbox);

  /** Thaws it. */
  void unpause(Sandbox sandbox);
}
