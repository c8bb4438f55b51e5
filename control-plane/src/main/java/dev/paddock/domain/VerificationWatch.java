package dev.paddock.domain;

import dev.paddock.leader.Leadership;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code interval}: serves the unproven claims' tokens at this replica's edge and, on the
 * leader, checks the claims that are due, a few at a time, one after the other.
 */
@Component
class VerificationWatch implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(VerificationWatch.class);
  private static final int BATCH = 20;

  private final Domains domains;
  private final Verifications verifications;
  private final VerificationProperties settings;
  private final Leadership leadership;
  private final Clock clock;
  private volatile Thread thread;

  VerificationWatch(
      Domains domains,
      Verifications verifications,
      VerificationProperties settings,
      Leadership leadership,
      Clock clock) {
    this.domains = domains;
    this.verifications = verifications;
    this.settings = settings;
    this.leadership = leadership;
    this.clock = clock;
  }

  /** One pass; what fails is logged and tried again at the next. */
  void pass() {
    verifications.serveProofs();
    if (leadership.isLeader()) {
      for (Domains.Claim claim : domains.due(clock.instant(), BATCH)) {
        verifications.check(claim, false);
      }
    }
  }

  @Override
  public void start() {
    thread =
        Thread.ofVirtual()
            .name("domain-verification")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      pass();
                    } catch (RuntimeException e) {
                      log.warn("Checking custom domains failed: {}", e.getMessage());
                    }
                    try {
                      Thread.sleep(settings.interval());
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  @Override
  public void stop() {
    Thread running = thread;
    thread = null;
    if (running != null) {
      running.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}
