package dev.paddock.audit;

import dev.paddock.leader.LeaderTask;
import dev.paddock.leader.Leadership;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/** Keeps the audit log to a window ({@code paddock.audit.retention}, 90 days unless set). */
@Component
class AuditRetention extends LeaderTask {

  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

  /**
   * @param retention how long an entry is kept
   * @param trimInterval how often the leader trims the log
   */
  @ConfigurationProperties("paddock.audit")
  record Properties(
      @DefaultValue("P90D") Duration retention, @DefaultValue("1h") Duration trimInterval) {}

  private final AuditLog audit;
  private final Properties properties;
  private final Clock clock;

  AuditRetention(AuditLog audit, Properties properties, Clock clock, Leadership leadership) {
    super(leadership, properties.trimInterval());
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  /** Deletes the entries older than the window; returns how many. */
  int trim() {
    int trimmed = audit.deleteBefore(clock.instant().minus(properties.retention()));
    if (trimmed > 0) {
      log.info("Trimmed {} audit log entries older than {}", trimmed, properties.retention());
    }
    return trimmed;
  }

  @Override
  protected void run() {
    trim();
  }
}
