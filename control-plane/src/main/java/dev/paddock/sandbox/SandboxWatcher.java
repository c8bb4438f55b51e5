package dev.paddock.sandbox;

import java.util.function.LongConsumer;

/** A driver that can tell at once when a sandbox stops, so it is replaced without waiting. */
public interface SandboxWatcher {

  /**
   * Calls {@code onExit} with the app id of every sandbox of this installation that stops, from now
   * on, until the driver is closed. Reconnects by itself if the engine's stream breaks.
   */
  void watch(LongConsumer onExit);
}
