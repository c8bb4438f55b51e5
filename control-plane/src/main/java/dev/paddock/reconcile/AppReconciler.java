package dev.paddock.reconcile;

import dev.paddock.events.Events;
import dev.paddock.release.ArtifactStore;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.Router;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One pass over one app: bring up the sandbox its target rollout needs, wait until it is healthy,
 * switch the app's route to it, then drain and remove every other sandbox of the app. A rollout
 * whose sandbox never becomes healthy fails and the live sandbox keeps serving; a live sandbox that
 * dies is handed to {@link CrashRecovery}. Idempotent: a pass interrupted anywhere is finished by
 * the next one. Not thread-safe per app: {@link Reconciler} runs one pass per app at a time.
 */
@Component
class AppReconciler {

  private static final Duration POLL = Duration.ofMillis(50);

  private final DesiredState state;
  private final SandboxDriver driver;
  private final Router router;
  private final AppSockets sockets;
  private final ArtifactStore artifacts;
  private final EdgeProperties edge;
  private final SandboxProperties properties;
  private final CrashRecovery recovery;
  private final SandboxRemoval removal;
  private final Events events;

  AppReconciler(
      DesiredState state,
      SandboxDriver driver,
      Router router,
      AppSockets sockets,
      ArtifactStore artifacts,
      EdgeProperties edge,
      SandboxProperties properties,
      CrashRecovery recovery,
      SandboxRemoval removal,
      Events events) {
    this.state = state;
    this.driver = driver;
    this.router = router;
    this.sockets = sockets;
    this.artifacts = artifacts;
    this.edge = edge;
    this.properties = properties;
    this.recovery = recovery;
    this.removal = removal;
    this.events = events;
  }

  Outcome reconcile(long appId) {
    List<Sandbox> existing = driver.list().stream().filter(s -> s.appId() == appId).toList();
    Optional<Target> found = state.of(appId);
    if (found.isEmpty() || found.get().rollout() == null) {
      existing.forEach(s -> driver.remove(s, properties.drainTimeout()));
      return existing.isEmpty() ? new Outcome.Unchanged() : new Outcome.Removed(existing.size());
    }
    Target target = found.get();
    Target.Rollout rollout = target.rollout();
    SandboxSpec spec = spec(target);
    Optional<Sandbox> current =
        existing.stream().filter(s -> s.specHash().equals(spec.hash())).findFirst();
    if (!rollout.pending()) {
      if (current.isPresent() && current.get().state() == Sandbox.State.EXITED) {
        return recovery.crashed(target, current.get(), spec.socketDir());
      }
      if (current.isPresent()
          && current.get().state() == Sandbox.State.RUNNING
          && existing.size() == 1
          && !Files.exists(instanceSocket(spec))) {
        if (target.crashes() > 0 && recovery.stable(target)) {
          state.stable(appId);
        }
        state.observed(appId, existing);
        return new Outcome.Unchanged();
      }
      if (current.isEmpty() && recovery.waiting(target)) {
        return new Outcome.Retry("waiting to restart after a crash");
      }
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
      return fail(target, spec, sandbox, ((Health.Down) health).reason());
    }
    step(rollout, "healthy", sandbox.name());
    Path socket = instanceSocket(spec);
    boolean switched = Files.exists(socket);
    if (switched) {
      step(rollout, "switching", "new connections go to " + sandbox.name());
      router.switchTo(route(target), socket);
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
        .filter(s -> !s.id().equals(sandbox.id()))
        .forEach(s -> removal.retire(s, spec.socketDir(), properties.drainTimeout()));
    state.observed(appId, driver.list().stream().filter(s -> s.appId() == appId).toList());
    // Without a switch, this pass only retired leftovers of an earlier one.
    return switched || rollout.pending()
        ? new Outcome.Promoted(sandbox.name())
        : new Outcome.Unchanged();
  }

  private Route route(Target target) {
    return new Route(
        edge.host(target.tenant(), target.app()), sockets.stable(target.tenant(), target.app(), 0));
  }

  private Sandbox start(Target target, SandboxSpec spec) {
    step(target.rollout(), "starting", "release v%d".formatted(spec.version()));
    Sandbox sandbox = driver.start(spec);
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

  private Outcome fail(Target target, SandboxSpec spec, Sandbox sandbox, String reason) {
    Target.Rollout rollout = target.rollout();
    List<String> logs = driver.logs(sandbox, 40);
    removal.remove(sandbox, spec.socketDir(), Duration.ZERO);
    String error =
        "Release v%d did not become healthy: %s%s"
            .formatted(
                rollout.version(),
                reason,
                logs.isEmpty() ? "" : "\nLast log lines:\n" + String.join("\n", logs));
    state.failed(target.appId(), rollout.deploy(), error);
    events.record(target.tenantId(), target.appId(), "deploy.failed", error);
    return new Outcome.Failed(error);
  }

  private void step(Target.Rollout rollout, String step, String detail) {
    if (rollout.pending()) {
      state.step(rollout.deploy(), step, detail);
    }
  }

  SandboxSpec spec(Target target) {
    Target.Rollout rollout = target.rollout();
    return new SandboxSpec(
        new SandboxSpec.Owner(target.tenantId(), target.tenant(), target.appId(), target.app()),
        rollout.deploy(),
        rollout.release(),
        rollout.version(),
        rollout.sha256(),
        artifacts.path(rollout.sha256()),
        rollout.handler(),
        target.uid(),
        rollout.limits(),
        rollout.env(),
        rollout.healthPath(),
        sockets.dir(target.tenant(), target.app()),
        0);
  }

  private Path instanceSocket(SandboxSpec spec) {
    return spec.socketDir().resolve(spec.socketName());
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
