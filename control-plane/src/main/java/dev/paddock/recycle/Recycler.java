package dev.paddock.recycle;

import dev.paddock.app.AppChanged;
import dev.paddock.events.Events;
import dev.paddock.metrics.Sample;
import dev.paddock.metrics.SamplesTaken;
import dev.paddock.sandbox.HeapPressure;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Applies apps' recycle policies to every sampling pass: an instance whose reading crosses a rule
 * is replaced by the reconciler (a new sandbox, healthy first, then the switch, then the old one
 * drains), and the reading that triggered it is an event. A rule on heap or memory counts only once
 * the reading has stayed high for the policy's window. Whatever the policy, an instance whose
 * runner stops answering for {@value #MISSES} samples in a row is replaced the same way. A leak too
 * fast for the window is replaced when {@link PressureWatch} hears that the heap will be full
 * sooner than a replacement takes ({@link #pressed}). A leak recycle's event carries the evidence
 * ({@link LeakEvidence}).
 */
@Component
class Recycler {

  private static final double MIB = 1 << 20;
  static final int MISSES = 3;

  private final RecyclePolicies policies;
  private final ApplicationEventPublisher published;
  private final Events events;
  private final Map<String, Instant> highSince = new ConcurrentHashMap<>();
  private final Set<String> recycled = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> misses = new ConcurrentHashMap<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();

  private final Duration startTimeout;
  private final LeakEvidence evidence;

  Recycler(
      RecyclePolicies policies,
      ApplicationEventPublisher published,
      Events events,
      SandboxProperties sandboxes,
      LeakEvidence evidence) {
    this.policies = policies;
    this.published = published;
    this.events = events;
    this.evidence = evidence;
    this.startTimeout = sandboxes.startTimeout();
  }

  @EventListener
  void on(SamplesTaken taken) {
    Set<Long> appIds = new HashSet<>();
    Set<String> seen = new HashSet<>();
    taken.samples().forEach(s -> appIds.add(s.sandbox().appId()));
    taken.samples().forEach(s -> seen.add(s.sandbox().name()));
    Set<String> seenIds = new HashSet<>();
    taken.samples().forEach(s -> seenIds.add(s.sandbox().id()));
    Map<Long, RecyclePolicies.Watched> watched = policies.watched(appIds);
    for (Sample sample : taken.samples()) {
      RecyclePolicies.Watched app = watched.get(sample.sandbox().appId());
      if (app == null
          || sample.sandbox().deploy() != app.liveDeploy()
          || recycled.contains(sample.sandbox().name())) {
        continue;
      }
      if (unresponsive(sample)) {
        recycle(
            app,
            sample.sandbox(),
            "sandbox.unhealthy",
            new Reason("its runner did not answer %d samples in a row".formatted(MISSES), false),
            null);
      } else if (app.policy() != null) {
        reason(app.policy(), sample)
            .ifPresent(reason -> recycle(app, sample.sandbox(), "sandbox.recycled", reason, null));
      }
    }
    // Forget sandboxes that are gone.
    recycled.retainAll(seen);
    misses.keySet().retainAll(seen);
    answered.retainAll(seenIds);
    highSince.keySet().removeIf(key -> !seen.contains(key.substring(key.indexOf(' ') + 1)));
  }

  /**
   * Whether a runner has missed {@value #MISSES} samples in a row since it first answered, or since
   * the start timeout passed. One that never answered within that is still starting: the
   * reconciler's start timeout judges it, not this.
   */
  private boolean unresponsive(Sample sample) {
    String name = sample.sandbox().name();
    if (sample.usage().jvm() != null) {
      answered.add(sample.sandbox().id());
      misses.remove(name);
      return false;
    }
    // By id: a sandbox made again from the same spec has its predecessor's name.
    boolean started =
        answered.contains(sample.sandbox().id())
            || sample.at().isAfter(sample.sandbox().created().plus(startTimeout));
    return started && misses.merge(name, 1, Integer::sum) >= MISSES;
  }

  /**
   * The fast path: a sandbox whose runner says its heap is full sooner than a replacement needs
   * ({@code lead}) is replaced now, whatever the policy's window, if its app still serves it.
   */
  void pressed(Sandbox sandbox, HeapPressure pressure, Duration lead) {
    RecyclePolicies.Watched app = policies.watched(Set.of(sandbox.appId())).get(sandbox.appId());
    if (app == null || app.policy() == null || sandbox.deploy() != app.liveDeploy()) {
      return;
    }
    String reason =
        "heap after GC at %.0f%% of its maximum (%.0f MiB of %.0f MiB), growing %.1f MiB/s: full in ~%.1f s, a replacement needs ~%.1f s"
            .formatted(
                100.0 * pressure.heapAfterGc() / pressure.heapMax(),
                pressure.heapAfterGc() / MIB,
                pressure.heapMax() / MIB,
                pressure.bytesPerSecond() / MIB,
                pressure.exhaustion().toMillis() / 1000.0,
                lead.toMillis() / 1000.0);
    recycle(app, sandbox, "sandbox.recycled", new Reason(reason, true), pressure);
  }

  /** Whether this sandbox was recycled already. */
  boolean recycled(Sandbox sandbox) {
    return recycled.contains(sandbox.name());
  }

  private void recycle(
      RecyclePolicies.Watched app,
      Sandbox sandbox,
      String event,
      Reason reason,
      HeapPressure known) {
    // Both paths may judge one sandbox at once: the first one replaces it.
    if (!recycled.add(sandbox.name())) {
      return;
    }
    if (!policies.recycle(app.appId(), app.liveDeploy(), sandbox.slot())) {
      recycled.remove(sandbox.name());
      return;
    }
    long id =
        events.record(
            app.tenantId(),
            app.appId(),
            event,
            "Replacing %s (instance %d): %s"
                .formatted(sandbox.name(), sandbox.slot() + 1, reason.text()));
    published.publishEvent(new AppChanged(app.appId()));
    if (reason.leak()) {
      evidence.capture(sandbox, id, known);
    }
  }

  /** Why an instance is replaced, and whether that is a leak, whose evidence is kept. */
  private record Reason(String text, boolean leak) {}

  /** Why the policy recycles this sandbox now, if it does. */
  private Optional<Reason> reason(RecyclePolicy policy, Sample sample) {
    Usage usage = sample.usage();
    Usage.Jvm jvm = usage.jvm();
    if (policy.memoryPercent() != null && usage.memoryLimitBytes() > 0) {
      double percent = 100.0 * usage.memoryBytes() / usage.memoryLimitBytes();
      Optional<Duration> held = held("memory", sample, percent >= policy.memoryPercent(), policy);
      if (held.isPresent()) {
        return leak(
            "memory at %.0f%% of its limit (%.0f MiB of %.0f MiB) for %ds; policy %d%%"
                .formatted(
                    percent,
                    usage.memoryBytes() / MIB,
                    usage.memoryLimitBytes() / MIB,
                    held.get().toSeconds(),
                    policy.memoryPercent()));
      }
    }
    if (jvm == null) {
      return Optional.empty();
    }
    if (policy.heapAfterGcPercent() != null && jvm.heapMax() > 0) {
      double percent = 100.0 * jvm.heapAfterGc() / jvm.heapMax();
      Optional<Duration> held =
          held("heap", sample, percent >= policy.heapAfterGcPercent(), policy);
      if (held.isPresent()) {
        return leak(
            "heap after GC at %.0f%% of its maximum (%.0f MiB of %.0f MiB) for %ds; policy %d%%"
                .formatted(
                    percent,
                    jvm.heapAfterGc() / MIB,
                    jvm.heapMax() / MIB,
                    held.get().toSeconds(),
                    policy.heapAfterGcPercent()));
      }
    }
    Duration uptime = Duration.ofMillis(jvm.uptimeMillis());
    if (policy.uptimeLimit() != null && uptime.compareTo(policy.uptimeLimit()) >= 0) {
      return worn("up for %ds; policy %s".formatted(uptime.toSeconds(), policy.maxUptime()));
    }
    if (policy.maxRequests() != null && jvm.requests() >= policy.maxRequests()) {
      return worn("served %d requests; policy %d".formatted(jvm.requests(), policy.maxRequests()));
    }
    return Optional.empty();
  }

  private static Optional<Reason> leak(String text) {
    return Optional.of(new Reason(text, true));
  }

  private static Optional<Reason> worn(String text) {
    return Optional.of(new Reason(text, false));
  }

  /** How long a reading has been high, once that is at least the policy's window. */
  private Optional<Duration> held(String rule, Sample sample, boolean high, RecyclePolicy policy) {
    String key = rule + " " + sample.sandbox().name();
    if (!high) {
      highSince.remove(key);
      return Optional.empty();
    }
    Instant since = highSince.computeIfAbsent(key, k -> sample.at());
    Duration held = Duration.between(since, sample.at());
    return held.compareTo(policy.window()) >= 0 ? Optional.of(held) : Optional.empty();
  }
}
