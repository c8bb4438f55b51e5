package dev.paddock.platform;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's own state for its admin: its parts' health and its events. Admin only (see the
 * security configuration); it answers while the database is away, with the events kept in memory.
 */
@RestController
class PlatformController {

  private static final int MAX = 500;

  private final PlatformWatch watch;
  private final PlatformEvents events;

  PlatformController(PlatformWatch watch, PlatformEvents events) {
    this.watch = watch;
    this.events = events;
  }

  /**
   * @param parts the database, Docker (when it runs the sandboxes) and the edge, as last seen
   * @param events the newest first
   */
  record Platform(List<PlatformWatch.Part> parts, List<PlatformEvent> events) {}

  /** The newest events first; {@code limit} at most 500. */
  @GetMapping("/api/v1/platform")
  Platform platform(@RequestParam(defaultValue = "50") int limit) {
    return new Platform(
        watch.parts(), events.latest(Math.clamp(limit, 1, MAX), watch.databaseUp()));
  }
}
