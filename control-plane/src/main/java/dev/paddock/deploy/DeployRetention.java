package dev.paddock.deploy;

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
 * Keeps apps' finished deploys to a window and a number per app ({@code paddock.deploys.*}): a
 * tenant that deploys (and fails) over and over adds rows at its own pace, not without end. What an
 * app serves, or could roll back to, is kept whatever its age.
 */
@Component
class DeployRetention {

  private static final Logger log = LoggerFactory.getLogger(DeployRetention.class);

  /**
   * @param retention how long a finished deploy is kept
   * @param perApp how many of an app's latest deploys are kept, whatever their age
   */
  @ConfigurationProperties("paddock.deploys")
  record Properties(@DefaultValue("P30D") Duration retention, @DefaultValue("100") int perApp) {}

  private final Deploys deploys;
  private final Properties properties;
  private final Clock clock;
  private final Leadership leadership;

  DeployRetention(Deploys deploys, Properties properties, Clock clock, Leadership leadership) {
    this.deploys = deploys;
    this.properties = properties;
    this.clock = clock;
    this.leadership = leadership;
  }

  /** Deletes the finished deploys past the window or the number per app; returns how many. */
  @Scheduled(fixedDelayString = "${paddock.deploys.trim-interval:10m}", initialDelay = 60_000)
  int trim() {
    if (!leadership.isLeader()) {
      return 0;
    }
    int trimmed = deploys.trim(clock.instant().minus(properties.retention()), properties.perApp());
    if (trimmed > 0) {
      log.info(
          "Trimmed {} finished deploys older than {} or beyond {} per app",
          trimmed,
          properties.retention(),
          properties.perApp());
    }
    return trimmed;
  }
}
