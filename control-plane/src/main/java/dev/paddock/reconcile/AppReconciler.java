package dev.paddock.reconcile;

import dev.paddock.aot.AotCaches;
import dev.paddock.events.Events;
import dev.paddock.jvm.MemoryCalculator;
import dev.paddock.release.ArtifactStore;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxLogs;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxReadings;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.UntrustedSocketException;
import dev.paddock.sandbox.Upstreams;
import java.time.Duration;
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

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration EDGE_SETTLE = Duration.ofSeconds(2);

  private final DesiredState state;
  private final SandboxDriver driver;
  private final SandboxReadings readings;
  private final SandboxLogs output;
  private final ObservedSandboxes observed;
  private final Upstreams upstreams;
  private final RouteTable routes;
  private final AppSockets sockets;
  private final ArtifactStore artifacts;
  private final SandboxProperties properties;
  private final CrashRecovery recovery;
  private final SandboxRemoval removal;
  private final Events events;
  private final Sleeps sleeps;
  private final AotCaches caches;

  AppReconciler(
      DesiredState state,
      SandboxDriver driver,
      SandboxReadings readings,
      SandboxLogs output,
      ObservedSandboxes observed,
      Upstreams upstreams,
      RouteTable routes,
      AppSockets sockets,
      ArtifactStore artifacts,
      SandboxProperties properties,
      CrashRecovery recovery,
      SandboxRemoval removal,
      Events events,
      Sleeps sleeps,
      AotCaches caches) {
    this.state = state;
    this.driver = driver;
    this.readings = readings;
    this.output = output;
    this.observed = observed;
    this.upstreams = upstreams;
    this.routes = routes;
    this.sockets = sockets;
    this.artifacts = artifacts;
    this.properties = properties;
    this.recovery = recovery;
    this.removal = removal;
    this.events = events;
    this.sleeps = sleeps;
    this.caches = caches;
  }

  Outcome reconcile(long appId) {
    Target target = state.of(appId).orElse(null);
    Outcome outcome = pass(appId, target);
    sleeps.after(appId, target, outcome);
    return outcome;
  }

  private Outcome pass(long appId, Target target) {
    List<SandboxSpec> specs =
        target == null || target.rollout() == null
            ? List.of()
            : IntStream.range(0, target.instances()).mapToObj(slot -> spec(target, slot)).toList();
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
        all.sandboxes().forEach(s -> driver.remove(s, properties.drainTimeout()));
        observed.changed();
        yield new Outcome.Removed(all.sandboxes().size());
      }
      case Step.RefuseTooSmall refused -> tooSmall(target);
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
    sandboxes.forEach(sandbox -> resize(target, sandbox));
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
    Sandbox sandbox = up.started().orElseGet(() -> start(target, spec));
    Health health = awaitHealthy(sandbox);
    if (!(health instanceof Health.Up)) {
      return Optional.of(
          rollout.pending()
              ? fail(
                  target, spec, sandbox, "did not become healthy", ((Health.Down) health).reason())
              : recovery.crashed(target, sandbox, spec.socketDir()));
    }
    step(rollout, "healthy", sandbox.name());
    step(rollout, "switching", "new connections go to " + sandbox.name());
    try {
      upstreams.promote(spec);
      sleeps.promoted(target.appId(), spec.slot());
    } catch (UntrustedSocketException e) {
      return Optional.of(
          rollout.pending()
              ? fail(target, spec, sandbox, "was not switched to", e.getMessage())
              : recovery.crashed(target, sandbox, spec.socketDir()));
    }
    up.replaced().forEach(s -> retire(target, s, spec));
    return Optional.empty();
  }

  /** Every slot runs its spec: routes, the rollout's promotion, leftovers retired. */
  private Outcome finish(
      Target target, Step.Finish finish, boolean slotsChanged, boolean switched) {
    Target.Rollout rollout = target.rollout();
    finish.serving().forEach(sandbox -> resize(target, sandbox));
    if (slotsChanged) {
      // After the slots are up: new members join the balancer once their sockets exist, and
      // removed ones leave it before their sandboxes are retired.
      routes.sync();
      if (!finish.leftovers().isEmpty()) {
        // A graceful reload only asks httpd to reload: its workers keep sending new requests to
        // the removed members until the new configuration is in force. Their sockets and
        // sandboxes stay a moment longer, so no request finds a member with nothing behind it.
        sleep(EDGE_SETTLE);
      }
    }
    if (rollout.pending()) {
      state.promoted(target.appId(), rollout.deploy());
      events.record(
          target.tenantId(),
          target.appId(),
          "deploy.live",
          "Release v%d is live".formatted(rollout.version()));
    }
    SandboxSpec first = spec(target, 0);
    finish.leftovers().forEach(s -> retire(target, s, first));
    upstreams.dropSlotsFrom(target.tenant(), target.app(), target.instances());
    state.observed(target.appId(), observed.of(target.appId()));
    // Without a switch, this pass only retired leftovers of an earlier one.
    return switched || rollout.pending()
        ? new Outcome.Promoted(
            String.join(", ", finish.serving().stream().map(Sandbox::id).toList()))
        : new Outcome.Unchanged();
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

  /** CPUs and pids change in place; memory and everything else only by replacement. */
  private void resize(Target target, Sandbox sandbox) {
    driver
        .resize(sandbox, target.limits())
        .ifPresent(
            inForce ->
                events.record(
                    target.tenantId(),
                    target.appId(),
                    "sandbox.resized",
                    "%s now runs with %s CPUs and %d pids"
                        .formatted(sandbox.name(), inForce.cpus(), inForce.pids())));
  }

  private Sandbox start(Target target, SandboxSpec spec) {
    step(
        target.rollout(),
        "starting",
        target.instances() == 1
            ? "release v%d".formatted(spec.version())
            : "release v%d, instance %d of %d"
                .formatted(spec.version(), spec.slot() + 1, target.instances()));
    Sandbox sandbox = driver.start(spec);
    observed.changed();
    events.record(
        target.tenantId(),
        target.appId(),
        "sandbox.started",
        "Started %s for release v%d".formatted(sandbox.name(), spec.version()));
    return sandbox;
  }

  private Health awaitHealthy(Sandbox sandbox) {
    long deadline = System.nanoTime() + properties.startTimeout().toNanos();
    Health health = readings.probe(sandbox);
    while (health instanceof Health.Starting && System.nanoTime() < deadline) {
      sleep(POLL);
      health = readings.probe(refresh(sandbox));
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
    return driver.list().stream()
        .filter(s -> s.id().equals(sandbox.id()))
        .findFirst()
        .orElse(sandbox);
  }

  private Outcome fail(
      Target target, SandboxSpec spec, Sandbox sandbox, String failure, String reason) {
    Target.Rollout rollout = target.rollout();
    List<String> logs = output.logs(sandbox, Forensics.TAIL);
    removal.remove(sandbox, spec.socketDir(), Duration.ZERO);
    String error =
        "Release v%d %s: %s%s"
            .formatted(
                rollout.version(),
                failure,
                Forensics.cause(reason, logs, target.memory()),
                Forensics.lastLines(logs));
    state.failed(target.appId(), rollout.deploy(), error);
    events.record(target.tenantId(), target.appId(), "deploy.failed", error);
    return new Outcome.Failed(error);
  }

  /** A rollout whose JVM would not fit in the app's memory limit fails before it starts. */
  private Outcome tooSmall(Target target) {
    Target.Rollout rollout = target.rollout();
    String error =
        MemoryCalculator.refusal(
                target.limits().memory(),
                rollout.handler(),
                rollout.classes(),
                "Release v" + rollout.version())
            .orElseThrow();
    state.failed(target.appId(), rollout.deploy(), error);
    events.record(target.tenantId(), target.appId(), "deploy.failed", error);
    return new Outcome.Failed(error);
  }

  private void step(Target.Rollout rollout, String step, String detail) {
    if (rollout.pending()) {
      state.step(rollout.deploy(), step, detail);
    }
  }

  SandboxSpec spec(Target target, int slot) {
    Target.Rollout rollout = target.rollout();
    return caches.attach(
        new SandboxSpec(
            new SandboxSpec.Owner(target.tenantId(), target.tenant(), target.appId(), target.app()),
            rollout.deploy(),
            rollout.release(),
            rollout.version(),
            rollout.sha256(),
            artifacts.local(rollout.sha256()),
            rollout.handler(),
            target.uid(),
            target.limits(),
            // A release uploaded before its classes were counted keeps sizing itself: a metaspace
            // bound guessed from the runtime alone would stop a large app from starting.
            rollout.classes() == null ? rollout.env() : target.memory().environment(rollout.env()),
            rollout.healthPath(),
            sockets.inbox(target.tenant(), target.app()),
            slot,
            target.generation(slot),
            target.requestTimeout()),
        !rollout.pending());
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a sandbox", e);
    }
  }
}
