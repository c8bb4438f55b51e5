package dev.paddock.sandbox;

import dev.paddock.routing.Upstream;

/**
 * How an engine puts its sandboxes behind the edge: the {@link Upstream} of each app, and the
 * switch of an instance slot to a new sandbox. Thread-safe across apps; one pass per app at a time.
 */
public interface Upstreams {

  /**
   * Where the edge sends the app's traffic now. A slot being added joins only once a sandbox is
   * {@link #promote promoted} into it, so no request meets a slot that has nothing behind it yet.
   */
  Upstream of(String tenant, String app, int instances);

  /**
   * Whether the running sandbox of this spec still waits to be {@link #promote promoted}: it has
   * not taken its slot's traffic yet.
   */
  boolean waiting(SandboxSpec spec);

  /**
   * Makes the healthy sandbox of this spec serve its slot: new connections go to it, connections
   * already open finish where they are. Throws {@link UntrustedSocketException} (having removed
   * what it found) when what the sandbox left is not what a sandbox of this spec makes.
   */
  void promote(SandboxSpec spec);

  /**
   * Gives the sandbox of this spec, which serves its slot, its socket back under the name it bound,
   * as before its promotion: a sandbox paused while another holds the slot is {@link #promote
   * promoted} again when it resumes. The slot keeps serving it until another takes it. Engines
   * whose slots are no sockets need nothing here.
   */
  default void park(SandboxSpec spec) {}

  /** Lets go of the app's slots from {@code instances} on, once their sandboxes are retired. */
  void dropSlotsFrom(String tenant, String app, int instances);
}
