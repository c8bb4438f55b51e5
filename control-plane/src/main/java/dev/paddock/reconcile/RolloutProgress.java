package dev.paddock.reconcile;

import dev.paddock.events.Events;
import dev.paddock.jvm.MemoryCalculator;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxLogs;
import dev.paddock.sandbox.SandboxSpec;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What a pending rollout's watchers see: its steps as it goes, its failure with the reason and the
 * sandbox's last lines, or its going live. Writes the deploy's row and the app's events; a rollout
 * that is not pending (a restart of the live release) records no steps. Thread-safe.
 */
@Component
class RolloutProgress {

  private final DesiredState state;
  private final Events events;
  private final SandboxLogs output;
  private final SandboxRemoval removal;

  RolloutProgress(DesiredState state, Events events, SandboxLogs output, SandboxRemoval removal) {
    this.state = state;
    this.events = events;
    this.output = output;
    this.removal = removal;
  }

  /** Records a step of a pending rollout; nothing for the live release. */
  void step(Target.Rollout rollout, String step, String detail) {
    if (rollout.pending()) {
      state.step(rollout.deploy(), step, detail);
    }
  }

  /**
   * Fails the pending rollout because its sandbox {@code failure}: keeps its last lines for the
   * reason, then removes it at once.
   */
  Outcome failed(Target target, SandboxSpec spec, Sandbox sandbox, String failure, String reason) {
    Target.Rollout rollout = target.rollout();
    List<String> logs = output.logs(sandbox, Forensics.TAIL);
    removal.remove(sandbox, spec.socketDir(), Duration.ZERO);
    return failed(
        target,
        "Release v%d %s: %s%s"
            .formatted(
                rollout.version(),
                failure,
                Forensics.cause(reason, logs, target.memory()),
                Forensics.lastLines(logs)));
  }

  /** A rollout whose JVM would not fit in the app's memory limit fails before it starts. */
  Outcome tooSmall(Target target) {
    Target.Rollout rollout = target.rollout();
    return failed(
        target,
        MemoryCalculator.refusal(
                target.limits().memory(),
                rollout.handler(),
                rollout.classes(),
                "Release v" + rollout.version())
            .orElseThrow());
  }

  /** The pending rollout's release now serves every slot. */
  void live(Target target) {
    Target.Rollout rollout = target.rollout();
    state.promoted(target.appId(), rollout.deploy());
    events.record(
        target.tenantId(),
        target.appId(),
        "deploy.live",
        "Release v%d is live".formatted(rollout.version()));
  }

  private Outcome failed(Target target, String error) {
    state.failed(target.appId(), target.rollout().deploy(), error);
    events.record(target.tenantId(), target.appId(), "deploy.failed", error);
    return new Outcome.Failed(error);
  }
}
