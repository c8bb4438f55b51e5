package dev.paddock.audit;

import dev.paddock.leader.Leadership;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the audit log to a window ({@code paddock.audit.retention}, 90 days unless set). */
@Component
class AuditRetention {

  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

  /**
   * @param retention how long an entry is kept
   */
  @ConfigurationProperties("paddock.audit")
  record Properties(@DefaultValue("P90D") Duration retention) {}

  private final AuditLog audit;
  private final Properties properties;
  private final Clock clock;
  private final Leadership leadership;

  AuditRetention(AuditLog audit, Properties properties, Clock clock, Leadership leadership) {
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
    this.leadership = leadership;
  }

  /** Deletes the entries older than the window; returns how many. */
  @Scheduled(fixedDelayString = "${paddock.audit.trim-interval:1h}", initialDelay = 60_000)
  int trim() {
    if (!leadership.isLeader()) {
      return 0;
    }
    int trimmed = audit.deleteBefore(clock.instant().minus(properties.retention()));
    if (trimmed > 0) {
      log.info("Trimmed {} audit log entries older than {}", trimmed, properties.retention());
    }
    return trimmed;
  }
}
