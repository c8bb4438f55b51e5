package dev.paddock.platform;

import dev.paddock.leader.Leadership;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the platform's events as long as apps' events ({@code paddock.events.retention}). */
@Component
class PlatformEventRetention {

  private final PlatformEvents events;
  private final Duration retention;
  private final Clock clock;
  private final Leadership leadership;

  PlatformEventRetention(
      PlatformEvents events,
      @Value("${paddock.events.retention:P30D}") Duration retention,
      Clock clock,
      Leadership leadership) {
    this.events = events;
    this.retention = retention;
    this.clock = clock;
    this.leadership = leadership;
  }

  /** Deletes the events past the window; returns how many. */
  @Scheduled(fixedDelayString = "${paddock.events.trim-interval:10m}", initialDelay = 60_000)
  int trim() {
    return leadership.isLeader() ? events.trim(clock.instant().minus(retention)) : 0;
  }
}
