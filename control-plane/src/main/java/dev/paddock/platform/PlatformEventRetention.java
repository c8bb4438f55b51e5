package dev.paddock.platform;

import dev.paddock.events.EventProperties;
import dev.paddock.leader.LeaderTask;
import dev.paddock.leader.Leadership;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Keeps the platform's events as long as apps' events ({@code paddock.events.retention}). */
@Component
class PlatformEventRetention extends LeaderTask {

  private final PlatformEvents events;
  private final EventProperties properties;
  private final Clock clock;

  PlatformEventRetention(
      PlatformEvents events, EventProperties properties, Clock clock, Leadership leadership) {
    super(leadership, properties.trimInterval());
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  protected void run() {
    events.trim(clock.instant().minus(properties.retention()));
  }
}
