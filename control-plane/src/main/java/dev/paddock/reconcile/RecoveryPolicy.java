package dev.paddock.reconcile;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How crashed sandboxes come back ({@code paddock.recovery.*}), as Cloud Foundry does it: the first
 * restarts at once, then after a delay that doubles up to a cap; the count resets once a sandbox
 * has run for {@code stableAfter}. A rollout whose sandbox crashes {@code crashLoop} times within
 * {@code crashLoopWindow} of going live is rolled back to the release that served before it.
 */
@ConfigurationProperties("paddock.recovery")
record RecoveryPolicy(
    @DefaultValue("3") int immediateRestarts,
    @DefaultValue("2s") Duration firstDelay,
    @DefaultValue("5m") Duration maxDelay,
    @DefaultValue("5m") Duration stableAfter,
    @DefaultValue("3") int crashLoop,
    @DefaultValue("2m") Duration crashLoopWindow) {

  /** How long to wait before restarting after this many consecutive crashes. */
  Duration delay(int crashes) {
    if (crashes <= immediateRestarts) {
      return Duration.ZERO;
    }
    int doublings = Math.min(crashes - immediateRestarts - 1, 30);
    Duration delay = firstDelay.multipliedBy(1L << doublings);
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  /** Whether crashes this soon after going live mean the release itself is bad. */
  boolean crashLoopAfterDeploy(int crashes, Instant liveSince, Instant now) {
    return crashes >= crashLoop
        && liveSince != null
        && Duration.between(liveSince, now).compareTo(crashLoopWindow) <= 0;
  }

  boolean stable(Instant crashedAt, Instant now) {
    return crashedAt == null || Duration.between(crashedAt, now).compareTo(stableAfter) >= 0;
  }
}
