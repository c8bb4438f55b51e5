package dev.paddock.reconcile;

import dev.paddock.events.Events;
import dev.paddock.jvm.MemoryCalculator;
import dev.paddock.release.ArtifactStore;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxProperties;
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
 * One pass over one app: for each of its instance slots in turn, bring up the sandbox the target
 * rollout needs, wait until it is healthy, switch the slot's socket to it and retire the sandbox
 * that served the slot before; then retire whatever no slot needs. Sandboxes in place get the app's
 * CPUs and pids without a replacement. A rollout whose sandbox never becomes healthy fails, and the
 * slots not yet switched keep serving the live release (the next pass brings the switched ones back
 * to it); a live sandbox that dies is handed to {@link CrashRecovery}. Idempotent: a pass
 * interrupted anywhere is finished by the next one. Not thread-safe per app: {@link Reconciler}
 * runs one pass per app at a time.
 */
@Component
class AppReconciler {

  private static final Duration POLL = Duration.ofMillis(50);

  private final DesiredState state;
  private final SandboxDriver driver;
  private final ObservedSandboxes observed;
  private final Upstreams upstreams;
  private final RouteTable routes;
  private final AppSockets sockets;
  private final ArtifactStore artifacts;
  private final SandboxProperties properties;
  private final CrashRecovery recovery;
  private final SandboxRemoval removal;
  private final Events events;

  AppReconciler(
      DesiredState state,
      SandboxDriver driver,
      ObservedSandboxes observed,
      Upstreams upstreams,
      RouteTable routes,
      AppSockets sockets,
      ArtifactStore artifacts,
      SandboxProperties properties,
      CrashRecovery recovery,
      SandboxRemoval removal,
      Events events) {
    this.state = state;
    this.driver = driver;
    this.observed = observed;
    this.upstreams = upstreams;
    this.routes = routes;
    this.sockets = sockets;
    this.artifacts = artifacts;
    this.properties = properties;
    this.recovery = recovery;
    this.removal = removal;
    this.events = events;
  }

  Outcome reconcile(long appId) {
    List<Sandbox> existing = sandboxes(appId);
    Optional<Target> found = state.of(appId);
    if (found.isEmpty() || found.get().rollout() == null) {
      existing.forEach(s -> driver.remove(s, properties.drainTimeout()));
      if (!existing.isEmpty()) {
        observed.changed();
      }
      return existing.isEmpty() ? new Outcome.Unchanged() : new Outcome.Removed(existing.size());
    }
    Target target = found.get();
    Target.Rollout rollout = target.rollout();
    if (rollout.pending() && rollout.classes() != null && !target.memory().fits()) {
      return tooSmall(target);
    }
    List<SandboxSpec> specs =
        IntStream.range(0, target.instances()).mapToObj(slot -> spec(target, slot)).toList();
    for (SandboxSpec spec : specs) {
      Optional<Sandbox> retiring = current(existing, spec).filter(removal::retiring);
      if (retiring.isPresent()) {
        // Only a rollout that failed half-way comes back to a sandbox it retired: start it anew
        // once the old one is gone; meanwhile the slot keeps serving what it serves.
        return new Outcome.Draining(retiring.get().name());
      }
    }
    if (!rollout.pending()) {
      for (SandboxSpec spec : specs) {
        Optional<Sandbox> dead =
            current(existing, spec).filter(s -> s.state() == Sandbox.State.EXITED);
        if (dead.isPresent()) {
          return recovery.crashed(target, dead.get(), spec.socketDir());
        }
      }
      if (existing.size() == specs.size()
          && specs.stream().allMatch(spec -> inPlace(existing, spec))) {
        existing.forEach(sandbox -> resize(target, sandbox));
        if (target.crashes() > 0 && recovery.stable(target)) {
          state.stable(appId);
        }
        state.observed(appId, existing);
        return new Outcome.Unchanged();
      }
      if (specs.stream().anyMatch(spec -> current(existing, spec).isEmpty())
          && recovery.waiting(target)) {
        return new Outcome.Retry("waiting to restart after a crash");
      }
    }
    List<String> serving = new ArrayList<>();
    boolean switched = false;
    for (SandboxSpec spec : specs) {
      Optional<Sandbox> current = current(existing, spec);
      if (inPlace(existing, spec)) {
        resize(target, current.orElseThrow());
        serving.add(current.orElseThrow().id());
        continue;
      }
      Sandbox sandbox =
          current
              .filter(s -> s.state() != Sandbox.State.CREATED)
              .orElseGet(() -> start(target, spec));
      Health health = awaitHealthy(sandbox);
      if (!(health instanceof Health.Up)) {
        if (!rollout.pending()) {
          return recovery.crashed(target, sandbox, spec.socketDir());
        }
        return fail(
            target, spec, sandbox, "did not become healthy", ((Health.Down) health).reason());
      }
      step(rollout, "healthy", sandbox.name());
      step(rollout, "switching", "new connections go to " + sandbox.name());
      try {
        upstreams.promote(spec);
      } catch (UntrustedSocketException e) {
        return rollout.pending()
            ? fail(target, spec, sandbox, "was not switched to", e.getMessage())
            : recovery.crashed(target, sandbox, spec.socketDir());
      }
      switched = true;
      serving.add(sandbox.id());
      existing.stream()
          .filter(s -> s.slot() == spec.slot() && !s.id().equals(sandbox.id()))
          .forEach(s -> retire(target, s, spec));
    }
    if (!slots(existing).equals(slots(specs.size()))) {
      // After the slots are up: new members join the balancer once their sockets exist, and
      // removed ones leave it before their sandboxes are retired.
      routes.sync();
    }
    if (rollout.pending()) {
      state.promoted(appId, rollout.deploy());
      events.record(
          target.tenantId(),
          appId,
          "deploy.live",
          "Release v%d is live".formatted(rollout.version()));
    }
    existing.stream()
        .filter(s -> !serving.contains(s.id()))
        .forEach(s -> retire(target, s, specs.getFirst()));
    upstreams.dropSlotsFrom(target.tenant(), target.app(), specs.size());
    state.observed(appId, sandboxes(appId));
    // Without a switch, this pass only retired leftovers of an earlier one.
    return switched || rollout.pending()
        ? new Outcome.Promoted(String.join(", ", serving))
        : new Outcome.Unchanged();
  }

  private List<Sandbox> sandboxes(long appId) {
    return observed.of(appId);
  }

  private static Optional<Sandbox> current(List<Sandbox> existing, SandboxSpec spec) {
    return existing.stream().filter(s -> s.specHash().equals(spec.hash())).findFirst();
  }

  /** The slot's socket was switched to a running sandbox of this spec that is not retiring. */
  private boolean inPlace(List<Sandbox> existing, SandboxSpec spec) {
    return current(existing, spec)
            .filter(s -> s.state() == Sandbox.State.RUNNING && !removal.retiring(s))
            .isPresent()
        && !upstreams.waiting(spec);
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
    Health health = driver.probe(sandbox);
    while (health instanceof Health.Starting && System.nanoTime() < deadline) {
      sleep();
      health = driver.probe(refresh(sandbox));
    }
    return health instanceof Health.Starting starting
        ? new Health.Down(
            "not healthy within %ds (%s)"
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
    List<String> logs = driver.logs(sandbox, Forensics.TAIL);
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
    return new SandboxSpec(
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
        target.requestTimeout());
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a sandbox", e);
    }
  }
}
