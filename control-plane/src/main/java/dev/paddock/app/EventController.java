package dev.paddock.app;

import dev.paddock.events.Events;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An app's timeline: deploys, sandboxes started, crashes with their causes, scaling. */
@RestController
class EventController {

  private static final int MAX = 500;

  private final Events events;

  EventController(Events events) {
    this.events = events;
  }

  /** The newest first; {@code limit} at most 500. */
  @GetMapping("/api/v1/tenants/{tenant}/apps/{app}/events")
  List<Events.Event> events(App app, @RequestParam(defaultValue = "100") int limit) {
    return events.forApp(app.id(), Math.clamp(limit, 1, MAX));
  }
}
