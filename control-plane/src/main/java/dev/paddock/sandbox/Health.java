package dev.paddock.sandbox;

/** What a probe of a sandbox found. */
public sealed interface Health {

  /** Serving: the runner says its app answers. */
  record Up() implements Health {}

  /** Running but not serving yet. */
  record Starting(String detail) implements Health {}

  /** Gone for good: the process exited (or was killed). */
  record Down(String reason) implements Health {}
}
