package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The planner's decisions, one scenario of an app's life each. */
class PlannerTest {

  private static final Limits LIMITS = new Limits(DataSize.ofMegabytes(256), 1.0, 256);
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aDeletedAppThatRunsNothingIsIdle() {
    assertThat(next(null, List.of(), observed(List.of()))).isEqualTo(new Step.Idle());
  }

  @Test
  void aDeletedAppsSandboxesAreRemoved() {
    Sandbox stray = sandbox("stray", "h", 0, Sandbox.State.RUNNING);
    assertThat(next(null, List.of(), observed(List.of(stray))))
        .isEqualTo(new Step.RemoveAll(List.of(stray)));
  }

  @Test
  void anAppNeverDeployedRemovesWhatRunsForIt() {
    Target target = target(1, null);
    Sandbox stray = sandbox("stray", "h", 0, Sandbox.State.EXITED);
    assertThat(next(target, List.of(), observed(List.of(stray))))
        .isEqualTo(new Step.RemoveAll(List.of(stray)));
  }

  @Test
  void aSleepingAppHasItsSandboxesRemovedWhateverTheyRun() {
    Target target = asleep(target(2, rollout(10, false)));
    List<SandboxSpec> specs = specs(target);
    List<Sandbox> serving = running(specs);
    assertThat(next(target, specs, observed(serving))).isEqualTo(new Step.Sleep(serving));
    assertThat(next(target, specs, observed(List.of()))).isEqualTo(new Step.Sleep(List.of()));
  }

  @Test
  void aRolloutOfASleepingAppStillBringsUpItsSandboxToProveItHealthy() {
    Target target = asleep(target(1, rollout(11, true)));
    List<SandboxSpec> specs = specs(target);
    assertThat(next(target, specs, observed(List.of())))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.empty(), List.of()));
  }

  @Test
  void aFirstDeployBringsUpItsOnlySlot() {
    Target target = target(1, rollout(10, true));
    List<SandboxSpec> specs = specs(target);
    assertThat(next(target, specs, observed(List.of())))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.empty(), List.of()));
  }

  @Test
  void aFirstDeployOfThreeInstancesStartsWithTheFirstSlot() {
    Target target = target(3, rollout(10, true));
    List<SandboxSpec> specs = specs(target);
    assertThat(next(target, specs, observed(List.of())))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.empty(), List.of()));
  }

  @Test
  void aDeployReplacesWhatServedTheSlot() {
    Target target = target(1, rollout(11, true));
    List<SandboxSpec> specs = specs(target);
    Sandbox old = sandbox("old", "previous", 0, Sandbox.State.RUNNING);
    assertThat(next(target, specs, observed(List.of(old))))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.empty(), List.of(old)));
  }

  @Test
  void aSandboxAlreadyStartedForTheSlotIsTakenNotStartedAgain() {
    Target target = target(1, rollout(11, true));
    List<SandboxSpec> specs = specs(target);
    Sandbox started = sandbox("new", specs.get(0).hash(), 0, Sandbox.State.RUNNING);
    Sandbox old = sandbox("old", "previous", 0, Sandbox.State.RUNNING);
    var seen =
        new Planner.Observed(List.of(old, started), Set.of(), waiting(specs.get(0)), false, false);
    assertThat(next(target, specs, seen))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.of(started), List.of(old)));
  }

  @Test
  void aSandboxCreatedButNeverStartedIsStarted() {
    Target target = target(1, rollout(10, true));
    List<SandboxSpec> specs = specs(target);
    Sandbox created = sandbox("new", specs.get(0).hash(), 0, Sandbox.State.CREATED);
    assertThat(next(target, specs, observed(List.of(created))))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.empty(), List.of()));
  }

  @Test
  void aSandboxOfAPendingRolloutThatExitedIsTakenAndJudgedByItsHealth() {
    Target target = target(1, rollout(10, true));
    List<SandboxSpec> specs = specs(target);
    Sandbox exited = sandbox("new", specs.get(0).hash(), 0, Sandbox.State.EXITED);
    assertThat(next(target, specs, observed(List.of(exited))))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.of(exited), List.of()));
  }

  @Test
  void oneSlotSwitchedMovesOnToTheNext() {
    Target target = target(2, rollout(11, true));
    List<SandboxSpec> specs = specs(target);
    Sandbox first = sandbox("new-0", specs.get(0).hash(), 0, Sandbox.State.RUNNING);
    Sandbox old = sandbox("old-1", "previous-1", 1, Sandbox.State.RUNNING);
    assertThat(next(target, specs, observed(List.of(first, old))))
        .isEqualTo(new Step.BringUp(specs.get(1), Optional.empty(), List.of(old)));
  }

  @Test
  void everySlotSwitchedFinishesTheRolloutAndRetiresWhatNoSlotNeeds() {
    Target target = target(2, rollout(11, true));
    List<SandboxSpec> specs = specs(target);
    List<Sandbox> serving = running(specs);
    Sandbox draining = sandbox("old-1", "previous-1", 1, Sandbox.State.RUNNING);
    List<Sandbox> all = new ArrayList<>(serving);
    all.add(draining);
    assertThat(next(target, specs, observed(all)))
        .isEqualTo(new Step.Finish(serving, List.of(draining)));
  }

  @Test
  void aPendingRolloutWhoseJvmCannotFitIsRefusedBeforeItStarts() {
    Target target =
        target(1, rollout(10, true, 40_000), new Limits(DataSize.ofMegabytes(64), 1.0, 256));
    assertThat(next(target, specs(target), observed(List.of())))
        .isEqualTo(new Step.RefuseTooSmall());
  }

  @Test
  void aLiveRolloutIsNotRefusedForItsSizeAgain() {
    Target target =
        target(1, rollout(10, false, 40_000), new Limits(DataSize.ofMegabytes(64), 1.0, 256));
    List<SandboxSpec> specs = specs(target);
    assertThat(next(target, specs, observed(running(specs))))
        .isEqualTo(new Step.Settle(running(specs)));
  }

  @Test
  void aSandboxTheTargetNeedsAgainIsAwaitedWhileItDrains() {
    Target target = target(1, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    Sandbox retiring = sandbox("back", specs.get(0).hash(), 0, Sandbox.State.RUNNING);
    var seen = new Planner.Observed(List.of(retiring), Set.of("back"), Set.of(), false, false);
    assertThat(next(target, specs, seen)).isEqualTo(new Step.AwaitDrain(retiring));
  }

  @Test
  void aLiveAppRunningAsItShouldSettles() {
    Target target = target(3, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    assertThat(next(target, specs, observed(running(specs))))
        .isEqualTo(new Step.Settle(running(specs)));
  }

  @Test
  void aLiveSandboxThatExitedIsRecovered() {
    Target target = target(2, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    Sandbox dead = sandbox("s1", specs.get(1).hash(), 1, Sandbox.State.EXITED);
    List<Sandbox> seen = List.of(running(specs).get(0), dead);
    assertThat(next(target, specs, observed(seen))).isEqualTo(new Step.Recover(dead, specs.get(1)));
  }

  @Test
  void aSlotEmptiedByACrashWaitsOutItsBackOff() {
    Target target = target(2, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    var seen =
        new Planner.Observed(List.of(running(specs).get(0)), Set.of(), Set.of(), true, false);
    assertThat(next(target, specs, seen)).isEqualTo(new Step.AwaitCrashDelay());
  }

  @Test
  void aSlotEmptiedByACrashIsBroughtUpOnceItsBackOffEnds() {
    Target target = target(2, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    assertThat(next(target, specs, observed(List.of(running(specs).get(0)))))
        .isEqualTo(new Step.BringUp(specs.get(1), Optional.empty(), List.of()));
  }

  @Test
  void aSandboxThatDriftedFromItsSpecIsReplaced() {
    Target target = target(1, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    Sandbox drifted = sandbox("s0", "made-from-another-spec", 0, Sandbox.State.RUNNING);
    assertThat(next(target, specs, observed(List.of(drifted))))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.empty(), List.of(drifted)));
  }

  @Test
  void scalingUpBringsUpOnlyTheNewSlot() {
    Target target = target(3, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    List<Sandbox> two = running(specs).subList(0, 2);
    assertThat(next(target, specs, observed(two)))
        .isEqualTo(new Step.BringUp(specs.get(2), Optional.empty(), List.of()));
  }

  @Test
  void aPassThatSwitchedTheLastSlotFinishesRatherThanSettles() {
    Target target = target(2, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    List<Sandbox> running = running(specs);
    var seen = new Planner.Observed(running, Set.of(), Set.of(), false, true);
    assertThat(next(target, specs, seen)).isEqualTo(new Step.Finish(running, List.of()));
  }

  @Test
  void scalingDownFinishesAndRetiresTheSlotsNoLongerNeeded() {
    Target three = target(3, rollout(10, false));
    List<Sandbox> running = running(specs(three));
    Target one = target(1, rollout(10, false));
    List<SandboxSpec> specs = specs(one);
    assertThat(next(one, specs, observed(running)))
        .isEqualTo(new Step.Finish(running.subList(0, 1), running.subList(1, 3)));
  }

  @Test
  void aSandboxNotYetSwitchedIntoItsSlotIsNotInPlace() {
    Target target = target(1, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    Sandbox started = running(specs).get(0);
    var seen =
        new Planner.Observed(List.of(started), Set.of(), waiting(specs.get(0)), false, false);
    assertThat(next(target, specs, seen))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.of(started), List.of()));
  }

  @Test
  void aSandboxPausedByASleepIsTakenBackIntoItsSlotWhenTheAppWakes() {
    Target target = target(1, rollout(10, false));
    List<SandboxSpec> specs = specs(target);
    Sandbox paused = sandbox("paused", specs.get(0).hash(), 0, Sandbox.State.PAUSED);
    // Its socket was parked in its inbox at the sleep: it waits to be promoted again.
    var seen = new Planner.Observed(List.of(paused), Set.of(), waiting(specs.get(0)), false, false);
    assertThat(next(target, specs, seen))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.of(paused), List.of()));
  }

  @Test
  void aSleepingAppsPausedSandboxesAreHandedToTheSleepStepAgain() {
    Target target = asleep(target(1, rollout(10, false)));
    List<SandboxSpec> specs = specs(target);
    Sandbox paused = sandbox("paused", specs.get(0).hash(), 0, Sandbox.State.PAUSED);
    assertThat(next(target, specs, observed(List.of(paused))))
        .isEqualTo(new Step.Sleep(List.of(paused)));
  }

  @Test
  void aRecycledSlotGetsANewSandboxForItsNextGeneration() {
    Target before = target(1, rollout(10, false));
    Sandbox leaky = running(specs(before)).get(0);
    Target recycled = target(1, rollout(10, false), LIMITS, List.of(1));
    List<SandboxSpec> specs = specs(recycled);
    assertThat(next(recycled, specs, observed(List.of(leaky))))
        .isEqualTo(new Step.BringUp(specs.get(0), Optional.empty(), List.of(leaky)));
  }

  @Test
  void aPassAfterARolloutRetiresTheOldSandboxesStillThere() {
    Target target = target(1, rollout(11, false));
    List<SandboxSpec> specs = specs(target);
    Sandbox serving = running(specs).get(0);
    Sandbox old = sandbox("old", "previous", 0, Sandbox.State.RUNNING);
    assertThat(next(target, specs, observed(List.of(serving, old))))
        .isEqualTo(new Step.Finish(List.of(serving), List.of(old)));
  }

  @Test
  void aLimitChangeOfCpusAloneKeepsTheSandboxesAndSettles() {
    Target before = target(1, rollout(10, false));
    List<Sandbox> running = running(specs(before));
    Target after = target(1, rollout(10, false), new Limits(LIMITS.memory(), 2.0, 512));
    assertThat(next(after, specs(after), observed(running))).isEqualTo(new Step.Settle(running));
  }

  private static Step next(Target target, List<SandboxSpec> specs, Planner.Observed observed) {
    return Planner.next(target, specs, observed);
  }

  private static Planner.Observed observed(List<Sandbox> sandboxes) {
    return new Planner.Observed(sandboxes, Set.of(), Set.of(), false, false);
  }

  private static Set<String> waiting(SandboxSpec spec) {
    return Set.of(spec.hash());
  }

  private static Target.Rollout rollout(long deploy, boolean pending) {
    return rollout(deploy, pending, null);
  }

  private static Target.Rollout rollout(long deploy, boolean pending, Integer classes) {
    return new Target.Rollout(deploy, pending, 5, 2, "ab12", true, classes, Map.of(), null);
  }

  private static Target target(int instances, Target.Rollout rollout) {
    return target(instances, rollout, LIMITS);
  }

  private static Target target(int instances, Target.Rollout rollout, Limits limits) {
    return target(instances, rollout, limits, List.of());
  }

  private static Target target(
      int instances, Target.Rollout rollout, Limits limits, List<Integer> generations) {
    return new Target(
        1,
        "acme",
        10_001,
        7,
        "web",
        instances,
        limits,
        generations,
        Duration.ofSeconds(60),
        rollout,
        rollout == null || rollout.pending() ? null : rollout.deploy(),
        NOW,
        0,
        null,
        false);
  }

  private static Target asleep(Target t) {
    return new Target(
        t.tenantId(),
        t.tenant(),
        t.uid(),
        t.appId(),
        t.app(),
        t.instances(),
        t.limits(),
        t.generations(),
        t.requestTimeout(),
        t.rollout(),
        t.liveDeploy(),
        t.liveSince(),
        t.crashes(),
        t.crashedAt(),
        true);
  }

  private static List<SandboxSpec> specs(Target target) {
    if (target.rollout() == null) {
      return List.of();
    }
    Target.Rollout r = target.rollout();
    return IntStream.range(0, target.instances())
        .mapToObj(
            slot ->
                new SandboxSpec(
                    new SandboxSpec.Owner(1, "acme", 7, "web"),
                    r.deploy(),
                    r.release(),
                    r.version(),
                    r.sha256(),
                    Path.of("/srv/paddock/artifacts/ab12.jar"),
                    r.handler(),
                    target.uid(),
                    target.limits(),
                    r.env(),
                    r.healthPath(),
                    Path.of("/srv/paddock/run/0123456789abcdef/in"),
                    slot,
                    target.generation(slot),
                    target.requestTimeout(),
                    null))
        .toList();
  }

  /** A running sandbox of each spec, in its slot. */
  private static List<Sandbox> running(List<SandboxSpec> specs) {
    return specs.stream()
        .map(spec -> sandbox("s" + spec.slot(), spec.hash(), spec.slot(), Sandbox.State.RUNNING))
        .toList();
  }

  private static Sandbox sandbox(String id, String hash, int slot, Sandbox.State state) {
    return new Sandbox(id, "paddock-" + id, 7, 10, 5, hash, slot, state, null, NOW);
  }
}
