package dev.paddock.reconcile;

import dev.paddock.app.AppChanged;
import dev.paddock.events.Events;
import dev.paddock.routing.Upstream;
import dev.paddock.sandbox.Activator;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.Upstreams;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Sleep and wake, as steps of the one reconciler. An app goes to sleep by handing its slots to the
 * {@link Activator} and then pausing its sandboxes ({@link PausedTier}), or removing them; a
 * request held there marks it awake and asks for a pass, which brings it up like any start
 * (health-gated, slot 0 first); once slot 0 is switched the held requests are handed on, and a wake
 * that ends without a healthy sandbox answers them with the 503 page and lets the app sleep again.
 */
@Component
class Sleeps {

  private final DesiredState state;
  private final Optional<Activator> activator;
  private final SandboxRemoval removal;
  private final PausedTier tier;
  private final SandboxSpecs specs;
  private final AppSockets sockets;
  private final Upstreams upstreams;
  private final RouteTable routes;
  private final SandboxProperties properties;
  private final Events events;
  private final ApplicationEventPublisher published;

  Sleeps(
      DesiredState state,
      ObjectProvider<Activator> activator,
      SandboxRemoval removal,
      PausedTier tier,
      SandboxSpecs specs,
      AppSockets sockets,
      Upstreams upstreams,
      RouteTable routes,
      SandboxProperties properties,
      Events events,
      ApplicationEventPublisher published) {
    this.state = state;
    this.activator = Optional.ofNullable(activator.getIfAvailable());
    this.removal = removal;
    this.tier = tier;
    this.specs = specs;
    this.sockets = sockets;
    this.upstreams = upstreams;
    this.routes = routes;
    this.properties = properties;
    this.events = events;
    this.published = published;
  }

  /**
   * Holds the app's slots, then removes its sandboxes. Idempotent: a second pass only checks that
   * the slots are still held (a restarted control plane takes them back here).
   */
  Outcome sleep(Target target, List<Sandbox> sandboxes) {
    Activator holder = activator.orElseThrow(() -> new IllegalStateException("no activator"));
    List<Sandbox> kept = tier.keep(sandboxes, specs.of(target));
    Upstream before = upstreams.of(target.tenant(), target.app(), target.instances());
    long appId = target.appId();
    holder.hold(
        appId, target.tenant(), target.app(), target.instances(), target.uid(), () -> wake(appId));
    upstreams.dropSlotsFrom(target.tenant(), target.app(), target.instances());
    if (!before.equals(upstreams.of(target.tenant(), target.app(), target.instances()))) {
      routes.sync();
    }
    tier.pause(kept);
    var inbox = sockets.inbox(target.tenant(), target.app());
    List<Sandbox> gone = sandboxes.stream().filter(s -> !kept.contains(s)).toList();
    for (Sandbox sandbox : gone) {
      removal.remove(sandbox, inbox, properties.drainTimeout());
      tier.forget(sandbox);
    }
    state.observed(appId, kept.stream().map(s -> s.withState(Sandbox.State.PAUSED)).toList());
    long paused = kept.stream().filter(s -> s.state() != Sandbox.State.PAUSED).count();
    if (paused == 0 && gone.isEmpty()) {
      return new Outcome.Unchanged();
    }
    events.record(target.tenantId(), appId, "app.slept", slept(paused, gone));
    return new Outcome.Slept((int) paused + gone.size());
  }

  private String slept(long paused, List<Sandbox> gone) {
    if (paused == 0 && gone.stream().allMatch(s -> s.state() == Sandbox.State.PAUSED)) {
      return "Paused for %s: %d sandbox(es) removed to free their memory; the next wake starts anew"
          .formatted(tier.pausedFor(), gone.size());
    }
    return paused > 0
        ? "Asleep: no request for its idle time; %d sandbox(es) paused (for %s; a wake resumes them), requests are held until it wakes"
            .formatted(paused, tier.pausedFor())
        : "Asleep: no request for its idle time; %d sandbox(es) stopped, requests are held until it wakes"
            .formatted(gone.size());
  }

  /** A slot was switched to a sandbox; once it is slot 0, what the activator holds goes to it. */
  void promoted(long appId, int slot) {
    if (slot == 0) {
      activator.ifPresent(a -> a.release(appId));
    }
  }

  /** After a pass: ends a wake that this pass finished, or failed, or lets go of a deleted app. */
  void after(long appId, Target target, Outcome outcome) {
    if (activator.isEmpty() || !activator.get().holding(appId)) {
      return;
    }
    Activator holder = activator.get();
    if (target == null) {
      holder.close(appId);
    } else if (target.asleep()) {
      if (outcome instanceof Outcome.Promoted) {
        // A rollout of a sleeping app went live: it sleeps again, and the next wake runs it.
        published.publishEvent(new AppChanged(appId));
      }
    } else if (outcome instanceof Outcome.Promoted || outcome instanceof Outcome.Unchanged) {
      woke(target, holder);
    } else if (!(outcome instanceof Outcome.Failed || outcome instanceof Outcome.Draining)) {
      wakeFailed(target, holder, outcome);
    }
  }

  private void woke(Target target, Activator holder) {
    holder.release(target.appId());
    holder.close(target.appId());
    state
        .wakeEnded(target.appId())
        .ifPresent(
            took ->
                events.record(
                    target.tenantId(),
                    target.appId(),
                    "app.woke",
                    "Woke in %d ms: release v%d serves the requests held meanwhile"
                        .formatted(took.toMillis(), target.rollout().version())));
  }

  private void wakeFailed(Target target, Activator holder, Outcome outcome) {
    String why =
        switch (outcome) {
          case Outcome.Recovering r -> r.reason();
          case Outcome.Retry r -> r.reason();
          default -> outcome.toString();
        };
    state.sleepsAgain(target.appId());
    holder.refuse(target.appId(), why);
    events.record(
        target.tenantId(),
        target.appId(),
        "app.wake-failed",
        "Could not wake: %s. The requests held got the 503 page; the app sleeps until the next one"
            .formatted(why));
  }

  private void wake(long appId) {
    state.woken(appId);
    published.publishEvent(new AppChanged(appId));
  }
}
