package dev.paddock.events;

import dev.paddock.leader.LeaderTask;
import dev.paddock.leader.Leadership;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps apps' events to a window and a number per app ({@code paddock.events.*}): a tenant whose
 * deploys fail or whose sandboxes crash over and over adds rows at its own pace, not without end.
 */
@Component
class EventRetention extends LeaderTask {

  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

  private final Events events;
  private final EventProperties properties;
  private final Clock clock;

  EventRetention(Events events, EventProperties properties, Clock clock, Leadership leadership) {
    super(leadership, properties.trimInterval());
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /** Deletes the events past the window or the number per app; returns how many. */
  int trim() {
    int trimmed = events.trim(clock.instant().minus(properties.retention()), properties.perApp());
    if (trimmed > 0) {
      log.info(
          "Trimmed {} events older than {} or beyond {} per app",
          trimmed,
          properties.retention(),
          properties.perApp());
    }
    return trimmed;
  }

  @Override
  protected void run() {
    trim();
  }
}
