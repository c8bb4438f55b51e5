package dev.paddock.reconcile;

import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.UntrustedSocketException;
import dev.paddock.sandbox.Upstreams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * One pass over one app: the {@link Planner} decides the next {@link Step} from the app's target
 * and what runs, this applies it, and asks again until a step ends the pass. Bringing a slot up
 * starts the sandbox the target needs, waits until it is healthy, switches the slot to it and
 * retires what served the slot before; once every slot runs its spec, a pending rollout goes live
 * and whatever no slot needs is retired. A rollout whose sandbox never becomes healthy fails, and
 * the slots not yet switched keep serving the live release (the next pass brings the switched ones
 * back to it); a live sandbox that dies is handed to {@link CrashRecovery}. Idempotent: a pass
 * interrupted anywhere is finished by the next one. Not thread-safe per app: {@link Reconciler}
 * runs one pass per app at a time.
 */
@Component
class AppReconciler {

  private final DesiredState state;
  private final ObservedSandboxes observed;
  private final Upstreams upstreams;
  private final RouteTable routes;
  private final SandboxSpecs specs;
  private final HealthWait health;
  private final SandboxActions actions;
  private final RolloutProgress progress;
  private final SandboxProperties properties;
  private final ReconcileProperties intervals;
  private final CrashRecovery recovery;
  private final SandboxRemoval removal;
  private final Sleeps sleeps;

  AppReconciler(
      DesiredState state,
      ObservedSandboxes observed,
      Upstreams upstreams,
      RouteTable routes,
      SandboxSpecs specs,
      HealthWait health,
      SandboxActions actions,
      RolloutProgress progress,
      SandboxProperties properties,
      ReconcileProperties intervals,
      CrashRecovery recovery,
      SandboxRemoval removal,
      Sleeps sleeps) {
    this.state = state;
    this.observed = observed;
    this.upstreams = upstreams;
    this.routes = routes;
    this.specs = specs;
    this.health = health;
    this.actions = actions;
    this.progress = progress;
    this.properties = properties;
    this.intervals = intervals;
    this.recovery = recovery;
    this.removal = removal;
    this.sleeps = sleeps;
  }

  Outcome reconcile(long appId) {
    Target target = state.of(appId).orElse(null);
    Outcome outcome = pass(appId, target);
    sleeps.after(appId, target, outcome);
    return outcome;
  }

  private Outcome pass(long appId, Target target) {
    List<SandboxSpec> specs = this.specs.of(target);
    Set<Integer> slotsBefore = null;
    List<String> switched = new ArrayList<>();
    // Each slot is brought up at most once a pass; the rounds after the last one finish it.
    for (int round = 0; round <= specs.size() + 1; round++) {
      Planner.Observed observed = observe(appId, target, specs, !switched.isEmpty());
      if (slotsBefore == null) {
        slotsBefore = slots(observed.sandboxes());
      }
      Step step = Planner.next(target, specs, observed);
      if (!(step instanceof Step.BringUp up)) {
        return apply(appId, target, step, !slotsBefore.equals(slots(specs.size())), switched);
      }
      Optional<Outcome> stopped = bringUp(target, up);
      if (stopped.isPresent()) {
        return stopped.get();
      }
      switched.add(up.spec().hash());
    }
    return new Outcome.Retry("slots did not settle within one pass");
  }

  private Planner.Observed observe(
      long appId, Target target, List<SandboxSpec> specs, boolean switched) {
    List<Sandbox> sandboxes = observed.of(appId);
    return new Planner.Observed(
        sandboxes,
        sandboxes.stream().filter(removal::retiring).map(Sandbox::id).collect(Collectors.toSet()),
        specs.stream()
            .filter(upstreams::waiting)
            .map(SandboxSpec::hash)
            .collect(Collectors.toSet()),
        target != null && recovery.waiting(target),
        switched);
  }

  /** Applies a step that ends the pass. */
  private Outcome apply(
      long appId, Target target, Step step, boolean slotsChanged, List<String> switched) {
    return switch (step) {
      case Step.Idle idle -> new Outcome.Unchanged();
      case Step.RemoveAll all -> {
        actions.removeAll(all.sandboxes());
        yield new Outcome.Removed(all.sandboxes().size());
      }
      case Step.RefuseTooSmall refused -> progress.tooSmall(target);
      case Step.Sleep sleep -> sleeps.sleep(target, sleep.sandboxes());
      case Step.AwaitDrain drain -> new Outcome.Draining(drain.sandbox().name());
      case Step.Recover recover ->
          recovery.crashed(target, recover.dead(), recover.spec().socketDir());
      case Step.Settle settle -> settle(target, settle.sandboxes());
      case Step.AwaitCrashDelay delay -> new Outcome.Retry("waiting to restart after a crash");
      case Step.Finish finish -> finish(target, finish, slotsChanged, !switched.isEmpty());
      case Step.BringUp up -> throw new IllegalStateException("a slot to bring up ends no pass");
    };
  }

  private Outcome settle(Target target, List<Sandbox> sandboxes) {
    sandboxes.forEach(sandbox -> actions.resize(target, sandbox));
    if (target.crashes() > 0 && recovery.stable(target)) {
      state.stable(target.appId());
    }
    state.observed(target.appId(), sandboxes);
    return new Outcome.Unchanged();
  }

  /**
   * Starts the slot's sandbox (or takes the one started), switches the slot to it once healthy and
   * retires what served the slot; returns the outcome that ends the pass when it cannot.
   */
  private Optional<Outcome> bringUp(Target target, Step.BringUp up) {
    Target.Rollout rollout = target.rollout();
    SandboxSpec spec = up.spec();
    Sandbox sandbox =
        up.started().map(actions::resume).orElseGet(() -> actions.start(target, spec));
    Health health = this.health.awaitHealthy(sandbox);
    if (!(health instanceof Health.Up)) {
      return Optional.of(
          failOrRecover(
              target, spec, sandbox, "did not become healthy", ((Health.Down) health).reason()));
    }
    progress.step(rollout, "healthy", sandbox.name());
    progress.step(rollout, "switching", "new connections go to " + sandbox.name());
    try {
      upstreams.promote(spec);
      sleeps.promoted(target.appId(), spec.slot());
    } catch (UntrustedSocketException e) {
      return Optional.of(
          failOrRecover(target, spec, sandbox, "was not switched to", e.getMessage()));
    }
    // Served: what CPUs its start was given beyond its limit end here, before the next slot starts.
    actions.resize(target, sandbox);
    up.replaced().forEach(s -> retire(target, s, spec));
    return Optional.empty();
  }

  /** A rollout's sandbox that fails fails the rollout; the live release's is a crash. */
  private Outcome failOrRecover(
      Target target, SandboxSpec spec, Sandbox sandbox, String failure, String reason) {
    return target.rollout().pending()
        ? progress.failed(target, spec, sandbox, failure, reason)
        : recovery.crashed(target, sandbox, spec.socketDir());
  }

  /** Every slot runs its spec: routes, the rollout's promotion, leftovers retired. */
  private Outcome finish(
      Target target, Step.Finish finish, boolean slotsChanged, boolean switched) {
    Target.Rollout rollout = target.rollout();
    finish.serving().forEach(sandbox -> actions.resize(target, sandbox));
    if (slotsChanged) {
      syncRoutes(!finish.leftovers().isEmpty());
    }
    if (rollout.pending()) {
      progress.live(target);
    }
    SandboxSpec first = specs.of(target, 0);
    finish.leftovers().forEach(s -> retire(target, s, first));
    upstreams.dropSlotsFrom(target.tenant(), target.app(), target.instances());
    state.observed(target.appId(), observed.of(target.appId()));
    // Without a switch, this pass only retired leftovers of an earlier one.
    return switched || rollout.pending()
        ? new Outcome.Promoted(
            String.join(", ", finish.serving().stream().map(Sandbox::id).toList()))
        : new Outcome.Unchanged();
  }

  /**
   * After the slots are up: new members join the balancer once their sockets exist, and removed
   * ones leave it before their sandboxes are retired.
   */
  private void syncRoutes(boolean membersLeave) {
    routes.sync();
    if (membersLeave) {
      // A graceful reload only asks httpd to reload: its workers keep sending new requests to
      // the removed members until the new configuration is in force. Their sockets and
      // sandboxes stay a moment longer, so no request finds a member with nothing behind it.
      HealthWait.pause(intervals.edgeSettle());
    }
  }

  private static Set<Integer> slots(List<Sandbox> sandboxes) {
    return sandboxes.stream().map(Sandbox::slot).collect(Collectors.toSet());
  }

  private static Set<Integer> slots(int instances) {
    return IntStream.range(0, instances).boxed().collect(Collectors.toSet());
  }

  private void retire(Target target, Sandbox sandbox, SandboxSpec spec) {
    removal.retire(target.tenantId(), sandbox, spec.socketDir(), properties.drainTimeout());
  }
}
