package dev.paddock.app;

import dev.paddock.auth.Caller;
import dev.paddock.events.Events;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenants;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An app's timeline: deploys, sandboxes started, crashes with their causes, scaling. */
@RestController
class EventController {

  private static final int MAX = 500;

  private final Tenants tenants;
  private final Apps apps;
  private final Events events;

  EventController(Tenants tenants, Apps apps, Events events) {
    this.tenants = tenants;
    this.apps = apps;
    this.events = events;
  }

  /** The newest first; {@code limit} at most 500. */
  @GetMapping("/api/v1/tenants/{tenant}/apps/{app}/events")
  List<Events.Event> events(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable DnsLabel app,
      @RequestParam(defaultValue = "100") int limit) {
    App found = apps.get(tenants.visibleTo(caller, tenant), app);
    return events.forApp(found.id(), Math.clamp(limit, 1, MAX));
  }
}
