package dev.paddock.reconcile;

import dev.paddock.idle.IdleProperties;
import dev.paddock.sandbox.Pausing;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.Upstreams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The first tier of sleep: a sleeping app's sandboxes that serve its slots are paused, not removed,
 * for {@code paddock.idle.paused-for}: they keep their memory and use no CPU, and a wake thaws them
 * in milliseconds. Past that they are removed, and a wake starts anew. When each was paused is kept
 * here: a restarted control plane counts from its first pass. Thread-safe.
 */
@Component
class PausedTier {

  private final Optional<Pausing> pausing;
  private final Upstreams upstreams;
  private final ObservedSandboxes observed;
  private final Duration pausedFor;
  private final Clock clock;
  private final Map<String, Instant> since = new ConcurrentHashMap<>();

  PausedTier(
      Optional<Pausing> pausing,
      Upstreams upstreams,
      ObservedSandboxes observed,
      IdleProperties properties,
      Clock clock) {
    this.pausing = pausing;
    this.upstreams = upstreams;
    this.observed = observed;
    this.pausedFor = properties.pausedFor();
    this.clock = clock;
  }

  /**
   * Those of a sleeping app's sandboxes to keep, paused: each serves its slot's current spec, and
   * has not been paused for longer than the tier holds. The running ones' sockets are parked in
   * their inboxes (to be promoted again at the wake) before the activator takes their slots.
   */
  List<Sandbox> keep(List<Sandbox> sandboxes, List<SandboxSpec> specs) {
    if (pausing.isEmpty() || pausedFor.isZero()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<Sandbox> kept = new ArrayList<>();
    for (Sandbox sandbox : sandboxes) {
      Optional<SandboxSpec> spec =
          specs.stream().filter(s -> s.slot() == sandbox.slot()).findFirst();
      if (spec.isEmpty() || !spec.get().hash().equals(sandbox.specHash())) {
        continue;
      }
      if (sandbox.state() == Sandbox.State.PAUSED) {
        Instant paused = since.computeIfAbsent(sandbox.id(), id -> now);
        if (Duration.between(paused, now).compareTo(pausedFor) < 0) {
          kept.add(sandbox);
        }
      } else if (sandbox.state() == Sandbox.State.RUNNING && !upstreams.waiting(spec.get())) {
        upstreams.park(spec.get());
        kept.add(sandbox);
      }
    }
    return kept;
  }

  /** Freezes those kept that still run, once the activator holds their slots. */
  void pause(List<Sandbox> kept) {
    for (Sandbox sandbox : kept) {
      if (sandbox.state() == Sandbox.State.RUNNING) {
        pausing.orElseThrow().pause(sandbox);
        since.put(sandbox.id(), clock.instant());
        // The next pass must see it paused, not running with its socket parked (a stray).
        observed.changed(sandbox.appId());
      }
    }
  }

  /** The sandbox ready to be asked whether it serves: a paused one thawed first. */
  Sandbox resume(Sandbox sandbox) {
    if (sandbox.state() == Sandbox.State.PAUSED) {
      pausing.orElseThrow().unpause(sandbox);
    }
    since.remove(sandbox.id());
    return sandbox;
  }

  /** The sandbox is gone. */
  void forget(Sandbox sandbox) {
    since.remove(sandbox.id());
  }

  Duration pausedFor() {
    return pausedFor;
  }
}
