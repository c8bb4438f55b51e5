package dev.paddock.runner;

import java.time.Duration;

/** The part of a sandbox that differs between handler jars and runnable jars. */
interface AppServer {

  /** Starts the app; returns once it is launched, which is not yet ready to serve. */
  void start() throws Exception;

  /** Whether the app serves HTTP now; cheap enough to call on every health check. */
  boolean ready();

  /** While not ready, what the app is waited for, in words for the app's owner; else empty. */
  default String waiting() {
    return "";
  }

  /** The app's traffic as of now, read at once. */
  Traffic traffic();

  /**
   * Requests served so far, or -1 where the sandbox cannot count them; and connections from the
   * edge open now (a request in flight, a WebSocket, or one the edge keeps for reuse a moment), or
   * 0 where the sandbox cannot tell: an app with one is not idle.
   */
  record Traffic(long requests, long open) {}

  /**
   * Stops accepting connections, lets those in flight finish within {@code timeout}, then releases
   * what the app holds. Called at most once.
   */
  void drain(Duration timeout);
}
