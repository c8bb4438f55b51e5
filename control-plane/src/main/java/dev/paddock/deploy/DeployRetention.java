package dev.paddock.deploy;

import dev.paddock.leader.LeaderTask;
import dev.paddock.leader.Leadership;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Keeps apps' finished deploys to a window and a number per app ({@code paddock.deploys.*}): a
 * tenant that deploys (and fails) over and over adds rows at its own pace, not without end. What an
 * app serves, or could roll back to, is kept whatever its age.
 */
@Component
class DeployRetention extends LeaderTask {

  private static final Logger log = LoggerFactory.getLogger(DeployRetention.class);

  /**
   * @param retention how long a finished deploy is kept
   * @param perApp how many of an app's latest deploys are kept, whatever their age
   * @param trimInterval how often the leader trims them
   */
  @ConfigurationProperties("paddock.deploys")
  record Properties(
      @DefaultValue("P30D") Duration retention,
      @DefaultValue("100") int perApp,
      @DefaultValue("10m") Duration trimInterval) {}

  private final Deploys deploys;
  private final Properties properties;
  private final Clock clock;

  DeployRetention(Deploys deploys, Properties properties, Clock clock, Leadership leadership) {
    super(leadership, properties.trimInterval());
    this.deploys = deploys;
    this.properties = properties;
    this.clock = clock;
  }

  /** Deletes the finished deploys past the window or the number per app; returns how many. */
  int trim() {
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

  @Override
  protected void run() {
    trim();
  }
}
