package dev.paddock.reconcile;

import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxListing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The sandboxes the engine runs, as the passes see them: one listing of the whole installation
 * serves every pass for {@link ReconcileProperties#listingFresh}, except for the apps something
 * changed for since it was taken (a pass started or removed one of their sandboxes, or the engine
 * said one stopped): each of those is listed alone, by its label, when a pass asks for it. So a
 * resync of N apps lists the whole engine about once, and a rollout lists its own app, never the
 * other apps' containers. Thread-safe; a caller that finds the whole listing stale lists while the
 * others wait for it.
 */
@Component
class ObservedSandboxes {

  /** What the engine said, and the change count just before it was asked. */
  private record Listing(List<Sandbox> sandboxes, long asOf) {}

  private final SandboxDriver driver;
  private final SandboxListing listing;
  private final Duration fresh;
  private final Counter installationListings;
  private final Counter appListings;
  private final AtomicLong changes = new AtomicLong();

  /** The change count at each app's last change, for apps changed since the whole listing. */
  private final Map<Long, Long> changedAt = new ConcurrentHashMap<>();

  /** Apps listed alone since they changed. */
  private final Map<Long, Listing> own = new ConcurrentHashMap<>();

  private Listing whole = new Listing(List.of(), -1);

  /** When the whole listing was taken (System.nanoTime); guarded by this. */
  private long wholeTakenAt;

  ObservedSandboxes(
      SandboxDriver driver,
      SandboxListing listing,
      ReconcileProperties intervals,
      MeterRegistry meters) {
    this.driver = driver;
    this.listing = listing;
    this.fresh = intervals.listingFresh();
    this.installationListings = listings(meters, "installation");
    this.appListings = listings(meters, "app");
  }

  private static Counter listings(MeterRegistry meters, String of) {
    return Counter.builder("paddock.engine.listings")
        .description("Listings of the engine's sandboxes made for reconciler passes")
        .tag("of", of)
        .register(meters);
  }

  /** The app's sandboxes, in any state. */
  List<Sandbox> of(long appId) {
    Listing all = current();
    long changed = changedAt.getOrDefault(appId, -1L);
    if (changed < all.asOf()) {
      return all.sandboxes().stream().filter(s -> s.appId() == appId).toList();
    }
    Listing mine = own.get(appId);
    if (mine != null && changed < mine.asOf()) {
      return mine.sandboxes();
    }
    long asOf = changes.get();
    appListings.increment();
    List<Sandbox> listed = driver.list(appId);
    own.put(appId, new Listing(listed, asOf));
    return listed;
  }

  /** Every sandbox of the installation. */
  List<Sandbox> all() {
    Listing all = current();
    Set<Long> since =
        changedAt.entrySet().stream()
            .filter(e -> e.getValue() >= all.asOf())
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    List<Sandbox> sandboxes = new ArrayList<>();
    all.sandboxes().stream().filter(s -> !since.contains(s.appId())).forEach(sandboxes::add);
    since.forEach(appId -> sandboxes.addAll(of(appId)));
    return sandboxes;
  }

  /** Something changed for the app on the engine: the next pass that asks lists it again. */
  void changed(long appId) {
    changedAt.put(appId, changes.getAndIncrement());
  }

  /** The whole listing, taken again once older than {@link ReconcileProperties#listingFresh}. */
  private synchronized Listing current() {
    long now = System.nanoTime();
    if (now - wholeTakenAt > fresh.toNanos() || whole.asOf() < 0) {
      long asOf = changes.get();
      installationListings.increment();
      whole = new Listing(listing.now(), asOf);
      wholeTakenAt = now;
      // What changed before this listing is in it.
      changedAt.values().removeIf(at -> at < asOf);
      own.keySet().removeIf(appId -> !changedAt.containsKey(appId));
    }
    return whole;
  }
}
