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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One pass over one app: bring up the sandbox its target release needs, wait until it is healthy,
 * switch the app's route to it, then drain and remove every other sandbox of the app. A target that
 * never becomes healthy is abandoned and the live sandbox keeps serving. Idempotent: a pass
 * interrupted anywhere is finished by the next one. Not thread-safe per app: {@link Reconciler}
 * runs at most one pass per app at a time.
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
  private final Events events;

  AppReconciler(
      DesiredState state,
      SandboxDriver driver,
      Router router,
      AppSockets sockets,
      ArtifactStore artifacts,
      EdgeProperties edge,
      SandboxProperties properties,
      Events events) {
    this.state = state;
    this.driver = driver;
    this.router = router;
    this.sockets = sockets;
    this.artifacts = artifacts;
    this.edge = edge;
    this.properties = properties;
    this.events = events;
  }

  Outcome reconcile(long appId) {
    List<Sandbox> existing = driver.list().stream().filter(s -> s.appId() == appId).toList();
    Optional<Target> found = state.of(appId);
    if (found.isEmpty() || found.get().targetRelease() == null) {
      existing.forEach(s -> driver.remove(s, properties.drainTimeout()));
      return existing.isEmpty() ? new Outcome.Unchanged() : new Outcome.Removed(existing.size());
    }
    Target target = found.get();
    SandboxSpec spec = spec(target);
    Optional<Sandbox> current =
        existing.stream().filter(s -> s.specHash().equals(spec.hash())).findFirst();
    if (current.isPresent()
        && current.get().state() == Sandbox.State.RUNNING
        && existing.size() == 1
        && !Files.exists(instanceSocket(spec))
        && !target.deploying()) {
      state.observed(appId, existing);
      return new Outcome.Unchanged();
    }
    // A sandbox created but never started (the control plane died in between) is started now.
    Sandbox sandbox =
        current
            .filter(s -> s.state() != Sandbox.State.CREATED)
            .orElseGet(() -> start(target, spec));
    Health health = awaitHealthy(sandbox);
    if (!(health instanceof Health.Up)) {
      return abandon(target, sandbox, health);
    }
    Path socket = instanceSocket(spec);
    if (Files.exists(socket)) {
      router.switchTo(route(target), socket);
    }
    if (target.deploying()) {
      state.promoted(appId, target.targetRelease());
      events.record(
          target.tenantId(),
          appId,
          "deploy.live",
          "Release v%d is live".formatted(target.targetVersion()));
    }
    existing.stream()
        .filter(s -> !s.id().equals(sandbox.id()))
        .forEach(s -> remove(s, spec.socketDir(), properties.drainTimeout()));
    state.observed(appId, driver.list().stream().filter(s -> s.appId() == appId).toList());
    return new Outcome.Promoted(sandbox.name());
  }

  Route route(Target target) {
    return new Route(
        edge.host(target.tenant(), target.app()), sockets.stable(target.tenant(), target.app(), 0));
  }

  private Sandbox start(Target target, SandboxSpec spec) {
    Sandbox sandbox = driver.start(spec);
    events.record(
        target.tenantId(),
        target.appId(),
        "sandbox.started",
        "Started %s for release v%d".formatted(sandbox.name(), target.targetVersion()));
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

  private Outcome abandon(Target target, Sandbox sandbox, Health health) {
    String reason = ((Health.Down) health).reason();
    List<String> logs = driver.logs(sandbox, 40);
    remove(sandbox, spec(target).socketDir(), Duration.ZERO);
    String error =
        "Release v%d did not become healthy: %s%s"
            .formatted(
                target.targetVersion(),
                reason,
                logs.isEmpty() ? "" : "\nLast log lines:\n" + String.join("\n", logs));
    if (target.deploying()) {
      state.failed(target.appId(), target.targetRelease(), error);
      events.record(target.tenantId(), target.appId(), "deploy.failed", error);
    } else {
      state.error(target.appId(), error);
      events.record(target.tenantId(), target.appId(), "sandbox.died", error);
    }
    return new Outcome.Failed(error, target.deploying());
  }

  /** Removes a sandbox and its socket, if the socket was never switched into place. */
  private void remove(Sandbox sandbox, Path socketDir, Duration grace) {
    driver.remove(sandbox, grace);
    try {
      Files.deleteIfExists(socketDir.resolve(SandboxSpec.socketName(sandbox.specHash())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SandboxSpec spec(Target target) {
    return new SandboxSpec(
        new SandboxSpec.Owner(target.tenantId(), target.tenant(), target.appId(), target.app()),
        target.targetRelease(),
        target.targetVersion(),
        target.targetSha256(),
        artifacts.path(target.targetSha256()),
        target.targetHandler(),
        target.uid(),
        target.limits(),
        Map.of(),
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
