package dev.paddock.reconcile;

import dev.paddock.deploy.Deploy;
import dev.paddock.deploy.Deploys;
import dev.paddock.events.Events;
import dev.paddock.metrics.Samples;
import dev.paddock.release.Releases;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxLogs;
import dev.paddock.sandbox.SandboxReadings;
import dev.paddock.web.ConflictException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What happens when a live sandbox dies: the death is recorded with its cause, its last memory
 * reading and its last log lines, the sandbox is removed, and a new one starts after the {@link
 * RecoveryPolicy}'s delay; a crash loop right after a deploy rolls the app back to the release that
 * served before.
 */
@Component
class CrashRecovery {

  private final DesiredState state;
  private final SandboxReadings readings;
  private final SandboxLogs output;
  private final SandboxRemoval removal;
  private final RecoveryPolicy policy;
  private final Deploys deploys;
  private final Releases releases;
  private final Events events;
  private final Samples samples;
  private final Clock clock;

  CrashRecovery(
      DesiredState state,
      SandboxReadings readings,
      SandboxLogs output,
      SandboxRemoval removal,
      RecoveryPolicy policy,
      Deploys deploys,
      Releases releases,
      Events events,
      Samples samples,
      Clock clock) {
    this.state = state;
    this.readings = readings;
    this.output = output;
    this.removal = removal;
    this.policy = policy;
    this.deploys = deploys;
    this.releases = releases;
    this.events = events;
    this.samples = samples;
    this.clock = clock;
  }

  Outcome crashed(Target target, Sandbox sandbox, Path socketDir) {
    List<String> logs = output.logs(sandbox, Forensics.TAIL);
    String reason =
        readings.probe(sandbox) instanceof Health.Down down
            ? Forensics.cause(down.reason(), logs, target.memory())
            : "stopped answering";
    removal.remove(sandbox, socketDir, Duration.ZERO);
    String error =
        Forensics.death(
            "Sandbox %s died".formatted(sandbox.name()),
            reason,
            samples.last(sandbox.name(), sandbox.created()),
            logs);
    int crashes = state.crashed(target.appId(), error);
    recordDeath(target, error, Forensics.memoryLines(reason, logs));
    if (policy.crashLoopAfterDeploy(crashes, target.liveSince(), clock.instant())) {
      String rolledBack = rollBack(target, crashes);
      if (rolledBack != null) {
        return new Outcome.Recovering(rolledBack, Duration.ZERO);
      }
    }
    return new Outcome.Recovering(reason, policy.delay(crashes));
  }

  /** The death's event, with the log lines of a memory death as its details. */
  private void recordDeath(Target target, String error, List<String> memoryLines) {
    long event = events.record(target.tenantId(), target.appId(), "sandbox.crashed", error);
    if (!memoryLines.isEmpty()) {
      events.attach(event, Map.of("memoryLines", memoryLines));
    }
  }

  /** Whether a crashed app's next sandbox must wait a while longer. */
  boolean waiting(Target target) {
    return target.crashedAt() != null
        && clock.instant().isBefore(target.crashedAt().plus(policy.delay(target.crashes())));
  }

  boolean stable(Target target) {
    return policy.stable(target.crashedAt(), clock.instant());
  }

  private String rollBack(Target target, int crashes) {
    var before = state.releaseBefore(target.appId(), target.liveDeploy());
    if (before.isEmpty()) {
      return null;
    }
    var release = releases.byId(before.get()).orElseThrow();
    String why =
        "Crash loop: release v%d died %d times within %ds of going live; rolled back to v%d"
            .formatted(
                target.rollout().version(),
                crashes,
                policy.crashLoopWindow().toSeconds(),
                release.version());
    try {
      deploys.accept(target.appId(), release, Deploy.Kind.ROLLBACK, why);
    } catch (ConflictException alreadyRollingOut) {
      return null;
    }
    events.record(target.tenantId(), target.appId(), "deploy.rolled-back", why);
    return why;
  }
}
