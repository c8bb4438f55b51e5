package dev.paddock.sandbox;

/**
 * Holds a sleeping app's requests on its own upstream until a sandbox is woken for them: an
 * optional capability of engines whose upstreams are the control plane's to switch. Keyed by app
 * id; thread-safe.
 */
public interface Activator {

  /**
   * Takes over the app's slots {@code 0..instances-1}: from its return on, new connections to them
   * are held, and the first one held calls {@code wake} (again after a {@link #refuse}).
   * Idempotent: slots already held stay as they are; a slot no longer held (a restart of the
   * control plane, a sandbox promoted over it) is taken back. Throws {@link SandboxException} if it
   * cannot bind.
   */
  void hold(long appId, String tenant, String app, int instances, int uid, Runnable wake);

  /** Whether the app's requests are held or handed on by this activator now. */
  boolean holding(long appId);

  /**
   * A sandbox serves slot 0: held connections, and those still arriving on slots not yet switched,
   * are piped to it, both ways, until either side closes.
   */
  void release(long appId);

  /**
   * The wake failed: held connections are answered with the app's 503 page, and the slots stay held
   * for the next request.
   */
  void refuse(long appId, String reason);

  /** Stops listening (once every slot was switched, or the app is gone); held ones get the 503. */
  void close(long appId);
}
