package dev.paddock.reconcile;

import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxReadings;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Waits for a started sandbox to answer its health check, for up to the start timeout. Blocks the
 * calling thread; thread-safe.
 */
@Component
class HealthWait {

  /** How long one ask is held by a runner while its app starts; the engine is asked between. */
  private static final Duration HELD = Duration.ofSeconds(1);

  private final SandboxDriver driver;
  private final SandboxReadings readings;
  private final SandboxProperties properties;
  private final ReconcileProperties intervals;

  HealthWait(
      SandboxDriver driver,
      SandboxReadings readings,
      SandboxProperties properties,
      ReconcileProperties intervals) {
    this.driver = driver;
    this.readings = readings;
    this.properties = properties;
    this.intervals = intervals;
  }

  /**
   * Up once the sandbox serves; Down when it died or is still starting at the deadline (the reason
   * says which).
   */
  Health awaitHealthy(Sandbox sandbox) {
    long deadline = System.nanoTime() + properties.startTimeout().toNanos();
    Health health = readings.probe(sandbox);
    while (health instanceof Health.Starting && System.nanoTime() < deadline) {
      long asked = System.nanoTime();
      health = readings.probe(refresh(sandbox), HELD);
      // A runner that answered at once (one that cannot hold, or not reachable yet) is asked
      // again after the poll interval, not in a busy loop.
      Duration taken = Duration.ofNanos(System.nanoTime() - asked);
      if (health instanceof Health.Starting && taken.compareTo(intervals.healthPoll()) < 0) {
        pause(intervals.healthPoll().minus(taken));
      }
    }
    return health instanceof Health.Starting starting
        ? new Health.Down(
            "not healthy within %ds: %s"
                .formatted(properties.startTimeout().toSeconds(), starting.detail()))
        : health;
  }

  /** The admin address appears once the container is attached to its network. */
  private Sandbox refresh(Sandbox sandbox) {
    if (sandbox.admin() != null) {
      return sandbox;
    }
    return driver.list(sandbox.appId()).stream()
        .filter(s -> s.id().equals(sandbox.id()))
        .findFirst()
        .orElse(sandbox);
  }

  /** Sleeps the calling thread; an interrupt ends the pass. */
  static void pause(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a sandbox", e);
    }
  }
}
