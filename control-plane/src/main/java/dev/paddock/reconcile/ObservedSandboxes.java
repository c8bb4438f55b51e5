package dev.paddock.reconcile;

import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The sandboxes the engine runs, as the passes see them: one listing serves every pass that asks
 * within {@link ReconcileProperties#listingFresh} of it, unless something changed since (a pass
 * started or removed a sandbox, or the engine said one stopped), so a resync of N apps lists the
 * engine a few times, not N times. Thread-safe; a caller that finds the listing stale lists while
 * the others wait for it.
 */
@Component
class ObservedSandboxes {

  private record Listing(List<Sandbox> sandboxes, long takenAt, long changes) {}

  private final SandboxDriver driver;
  private final Duration fresh;
  private final Counter listings;
  private final AtomicLong changes = new AtomicLong();
  private Listing last = new Listing(List.of(), 0, -1);

  ObservedSandboxes(SandboxDriver driver, ReconcileProperties intervals, MeterRegistry meters) {
    this.driver = driver;
    this.fresh = intervals.listingFresh();
    this.listings =
        Counter.builder("paddock.engine.listings")
            .description("Listings of the engine's sandboxes made for reconciler passes")
            .register(meters);
  }

  /** The app's sandboxes, in any state. */
  List<Sandbox> of(long appId) {
    return all().stream().filter(s -> s.appId() == appId).toList();
  }

  /**
   * Every sandbox of the installation, from a listing no older than {@link
   * ReconcileProperties#listingFresh}.
   */
  synchronized List<Sandbox> all() {
    long now = System.nanoTime();
    if (last.changes() != changes.get() || now - last.takenAt() > fresh.toNanos()) {
      long seen = changes.get();
      listings.increment();
      last = new Listing(driver.list(), now, seen);
    }
    return last.sandboxes();
  }

  /** Something changed on the engine: the next caller lists it again. */
  void changed() {
    changes.incrementAndGet();
  }
}
