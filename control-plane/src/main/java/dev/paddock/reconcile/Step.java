package dev.paddock.reconcile;

import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxSpec;
import java.util.List;
import java.util.Optional;

/** The next thing a pass does for an app, as the {@link Planner} decides it. */
sealed interface Step {

  /** The app has nothing to run and runs nothing. */
  record Idle() implements Step {}

  /** The app was deleted or never deployed: its sandboxes go. */
  record RemoveAll(List<Sandbox> sandboxes) implements Step {}

  /**
   * The app sleeps: the activator holds its slots, then {@code sandboxes} are stopped and removed.
   */
  record Sleep(List<Sandbox> sandboxes) implements Step {}

  /** The rollout's JVM cannot fit in the app's memory limit: it fails before it starts. */
  record RefuseTooSmall() implements Step {}

  /** A sandbox the target needs again is still draining: wait until it is gone. */
  record AwaitDrain(Sandbox sandbox) implements Step {}

  /** A live sandbox died: record why and start over after the back-off. */
  record Recover(Sandbox dead, SandboxSpec spec) implements Step {}

  /** Everything runs as it should: apply CPUs and pids in place and note what runs. */
  record Settle(List<Sandbox> sandboxes) implements Step {}

  /** A slot is empty after a crash and its back-off has not ended. */
  record AwaitCrashDelay() implements Step {}

  /**
   * Bring one slot to its spec: start its sandbox (or take the one already started), wait until it
   * is healthy, switch the slot to it, and retire {@code replaced}, what served the slot before.
   */
  record BringUp(SandboxSpec spec, Optional<Sandbox> started, List<Sandbox> replaced)
      implements Step {}

  /**
   * Every slot runs its spec: promote a pending rollout, and retire {@code leftovers}, the
   * sandboxes no slot needs.
   */
  record Finish(List<Sandbox> serving, List<Sandbox> leftovers) implements Step {}
}
