package dev.paddock.reconcile;

import dev.paddock.events.Events;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The driver calls a pass makes on an app's sandboxes, each recorded where it is watched: a start
 * in the rollout's steps and the app's events, a resize in the events, and both in the observed
 * view. Idempotent as the driver is; throws what it throws. Thread-safe.
 */
@Component
class SandboxActions {

  private final SandboxDriver driver;
  private final ObservedSandboxes observed;
  private final RolloutProgress progress;
  private final Events events;
  private final SandboxProperties properties;
  private final PausedTier tier;

  SandboxActions(
      SandboxDriver driver,
      ObservedSandboxes observed,
      RolloutProgress progress,
      Events events,
      SandboxProperties properties,
      PausedTier tier) {
    this.tier = tier;
    this.driver = driver;
    this.observed = observed;
    this.progress = progress;
    this.events = events;
    this.properties = properties;
  }

  /** Starts the slot's sandbox, or takes the one that runs its spec already. */
  Sandbox start(Target target, SandboxSpec spec) {
    progress.step(
        target.rollout(),
        "starting",
        target.instances() == 1
            ? "release v%d".formatted(spec.version())
            : "release v%d, instance %d of %d"
                .formatted(spec.version(), spec.slot() + 1, target.instances()));
    Sandbox sandbox = driver.start(spec);
    observed.changed(target.appId());
    events.record(
        target.tenantId(),
        target.appId(),
        "sandbox.started",
        "Started %s for release v%d".formatted(sandbox.name(), spec.version()));
    return sandbox;
  }

  /** The slot's sandbox that was started before, thawed if a sleep paused it. */
  Sandbox resume(Sandbox sandbox) {
    Sandbox resumed = tier.resume(sandbox);
    if (sandbox.state() == Sandbox.State.PAUSED) {
      observed.changed(sandbox.appId());
    }
    return resumed;
  }

  /** CPUs and pids change in place; memory and everything else only by replacement. */
  void resize(Target target, Sandbox sandbox) {
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

  /** Removes every sandbox of an app that is gone, each given the drain timeout. */
  void removeAll(List<Sandbox> sandboxes) {
    sandboxes.forEach(
        s -> {
          driver.remove(s, properties.drainTimeout());
          observed.changed(s.appId());
        });
  }
}
