package dev.paddock.reconcile;

import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides an app's next {@link Step} from what it should run and what the engine runs. Pure: the
 * same inputs give the same step, and nothing is read or written here.
 */
final class Planner {

  /**
   * What a pass sees of an app.
   *
   * @param sandboxes its sandboxes, in any state
   * @param retiring the ids of those being drained and removed
   * @param waiting the spec hashes of sandboxes not yet switched into their slot
   * @param crashDelay whether a crash's back-off still holds off a new sandbox
   * @param switched whether this pass already switched a slot: then it finishes (routes, the
   *     rollout's promotion), never just settles
   */
  record Observed(
      List<Sandbox> sandboxes,
      Set<String> retiring,
      Set<String> waiting,
      boolean crashDelay,
      boolean switched) {}

  private Planner() {}

  /**
   * The next step for an app whose target is {@code target} (null: deleted) and slots {@code
   * specs}.
   */
  static Step next(Target target, List<SandboxSpec> specs, Observed observed) {
    List<Sandbox> existing = observed.sandboxes();
    if (target == null || target.rollout() == null) {
      return existing.isEmpty() ? new Step.Idle() : new Step.RemoveAll(existing);
    }
    boolean pending = target.rollout().pending();
    return held(target, specs, observed)
        .or(() -> pending ? Optional.empty() : settled(specs, observed))
        .orElseGet(
            () ->
                specs.stream()
                    .filter(spec -> !inPlace(observed, spec))
                    .findFirst()
                    .map(spec -> bringUp(existing, spec))
                    .orElseGet(() -> finish(existing, specs)));
  }

  /** A rollout refused, an app asleep, or a sandbox still draining; else empty. */
  private static Optional<Step> held(Target target, List<SandboxSpec> specs, Observed observed) {
    Target.Rollout rollout = target.rollout();
    if (rollout.pending() && rollout.classes() != null && !target.memory().fits()) {
      return Optional.of(new Step.RefuseTooSmall());
    }
    if (target.asleep() && !rollout.pending()) {
      // A rollout of a sleeping app still proves itself healthy before it goes live.
      return Optional.of(new Step.Sleep(observed.sandboxes()));
    }
    // Only a rollout that failed half-way comes back to a sandbox it retired.
    return specs.stream()
        .flatMap(spec -> current(observed.sandboxes(), spec).stream())
        .filter(s -> observed.retiring().contains(s.id()))
        .findFirst()
        .map(Step.AwaitDrain::new);
  }

  /** For the live rollout: a death, nothing to do, or a back-off to wait out; else empty. */
  private static Optional<Step> settled(List<SandboxSpec> specs, Observed observed) {
    List<Sandbox> existing = observed.sandboxes();
    for (SandboxSpec spec : specs) {
      Optional<Sandbox> dead =
          current(existing, spec).filter(s -> s.state() == Sandbox.State.EXITED);
      if (dead.isPresent()) {
        return Optional.of(new Step.Recover(dead.get(), spec));
      }
    }
    if (!observed.switched()
        && existing.size() == specs.size()
        && specs.stream().allMatch(s -> inPlace(observed, s))) {
      return Optional.of(new Step.Settle(existing));
    }
    if (observed.crashDelay() && specs.stream().anyMatch(s -> current(existing, s).isEmpty())) {
      return Optional.of(new Step.AwaitCrashDelay());
    }
    return Optional.empty();
  }

  private static Step bringUp(List<Sandbox> existing, SandboxSpec spec) {
    Optional<Sandbox> current = current(existing, spec);
    return new Step.BringUp(
        spec,
        current.filter(s -> s.state() != Sandbox.State.CREATED),
        existing.stream()
            .filter(s -> s.slot() == spec.slot())
            .filter(s -> current.map(c -> !c.id().equals(s.id())).orElse(true))
            .toList());
  }

  private static Step finish(List<Sandbox> existing, List<SandboxSpec> specs) {
    List<Sandbox> serving =
        specs.stream().map(spec -> current(existing, spec).orElseThrow()).toList();
    return new Step.Finish(serving, existing.stream().filter(s -> !serving.contains(s)).toList());
  }

  /** The slot's socket was switched to a running sandbox of this spec that is not retiring. */
  static boolean inPlace(Observed observed, SandboxSpec spec) {
    return current(observed.sandboxes(), spec)
            .filter(s -> s.state() == Sandbox.State.RUNNING)
            .filter(s -> !observed.retiring().contains(s.id()))
            .isPresent()
        && !observed.waiting().contains(spec.hash());
  }

  private static Optional<Sandbox> current(List<Sandbox> existing, SandboxSpec spec) {
    return existing.stream().filter(s -> s.specHash().equals(spec.hash())).findFirst();
  }
}
