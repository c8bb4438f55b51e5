package dev.paddock.events;

import dev.paddock.leader.Leadership;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps apps' events to a window and a number per app ({@code paddock.events.*}): a tenant whose
 * deploys fail or whose sandboxes crash over and over adds rows at its own pace, not without end.
 */
@Component
class EventRetention {

  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

  /**
   * @param retention how long an event is kept
   * @param perApp how many of an app's latest events are kept, whatever their age
   */
  @ConfigurationProperties("paddock.events")
  record Properties(@DefaultValue("P30D") Duration retention, @DefaultValue("1000") int perApp) {}

  private final Events events;
  private final Properties properties;
  private final Clock clock;
  private final Leadership leadership;

  EventRetention(Events events, Properties properties, Clock clock, Leadership leadership) {
    this.events = events;
    this.properties = properties;
    this.clock = clock;
    this.leadership = leadership;
  }

  /** Deletes the events past the window or the number per app; returns how many. */
  @Scheduled(fixedDelayString = "${paddock.events.trim-interval:10m}", initialDelay = 60_000)
  int trim() {
    if (!leadership.isLeader()) {
      return 0;
    }
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
}
