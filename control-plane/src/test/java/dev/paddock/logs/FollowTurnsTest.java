package dev.paddock.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FollowTurnsTest {

  private static final Duration SLICE = Duration.ofSeconds(5);
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
  private final Set<String> following = ConcurrentHashMap.newKeySet();
  private final List<String> turns = new CopyOnWriteArrayList<>();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final CountDownLatch sandboxesStop = new CountDownLatch(1);
  private final AtomicInteger ended = new AtomicInteger();
  private volatile CountDownLatch endsHeld = new CountDownLatch(0);

  private final FollowTurns followTurns =
      new FollowTurns(
          2,
          SLICE,
          new Clock() {
            @Override
            public Instant instant() {
              return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          },
          this::follow);

  /** A follow that lasts until its sandbox stops or its thread is interrupted. */
  private void follow(Sandbox sandbox) {
    following.add(sandbox.name());
    mostAtOnce.accumulateAndGet(following.size(), Math::max);
    turns.add(sandbox.name());
    try {
      sandboxesStop.await();
    } catch (InterruptedException endOfTurn) {
      ended.incrementAndGet();
      awaitUninterruptibly(endsHeld);
      Thread.currentThread().interrupt();
    } finally {
      following.remove(sandbox.name());
    }
  }

  @Test
  void followsNoMoreSandboxesAtOnceThanItHasPlaces() {
    followTurns.offer(sandbox("a"));
    followTurns.rotate();
    assertThat(followTurns.full()).isFalse();
    List.of("b", "c").forEach(name -> followTurns.offer(sandbox(name)));

    followTurns.rotate();

    await().atMost(GENEROUS).until(() -> following.equals(Set.of("a", "b")));
    assertThat(followTurns.following()).isEqualTo(2);
    assertThat(followTurns.full()).isTrue();
  }

  @Test
  void aFollowPastItsSliceGivesItsPlaceToOneThatWaitsAndWaitsItsTurnAgain() {
    List.of("a", "b", "c").forEach(name -> followTurns.offer(sandbox(name)));
    followTurns.rotate();
    await().atMost(GENEROUS).until(() -> following.size() == 2);

    now.set(now.get().plus(SLICE).plusSeconds(1));
    rotateUntil(() -> turns.contains("c"));

    now.set(now.get().plus(SLICE).plusSeconds(1));
    rotateUntil(() -> turns.size() > 3);
    assertThat(turns.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(mostAtOnce.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void followsStillEndingCountAsPlacesComingFree() {
    List.of("a", "b", "c").forEach(name -> followTurns.offer(sandbox(name)));
    followTurns.rotate();
    await().atMost(GENEROUS).until(() -> following.size() == 2);
    endsHeld = new CountDownLatch(1);

    now.set(now.get().plus(SLICE).plusSeconds(1));
    followTurns.rotate();
    await().atMost(GENEROUS).until(() -> ended.get() == 1);
    followTurns.rotate();
    followTurns.rotate();

    await().during(Duration.ofMillis(500)).atMost(GENEROUS).until(() -> ended.get() == 1);
    endsHeld.countDown();
    rotateUntil(() -> turns.contains("c"));
  }

  @Test
  void followsWithinTheirSliceOrWithNobodyWaitingGoOn() {
    List.of("a", "b").forEach(name -> followTurns.offer(sandbox(name)));
    followTurns.rotate();
    await().atMost(GENEROUS).until(() -> following.size() == 2);

    now.set(now.get().plus(SLICE).plusSeconds(1));
    followTurns.rotate();

    assertThat(followTurns.following()).isEqualTo(2);
    assertThat(turns).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aSandboxOfferedTwiceIsFollowedOnce() {
    followTurns.offer(sandbox("a"));
    followTurns.offer(sandbox("a"));
    followTurns.rotate();
    followTurns.offer(sandbox("a"));
    followTurns.rotate();

    await().atMost(GENEROUS).until(() -> following.contains("a"));
    assertThat(followTurns.following()).isEqualTo(1);
  }

  /** Rotates until the condition holds. */
  private void rotateUntil(java.util.concurrent.Callable<Boolean> condition) {
    await()
        .atMost(GENEROUS)
        .until(
            () -> {
              followTurns.rotate();
              return condition.call();
            });
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException again) {
        // a follow's end is held by the test, not by its thread's interrupts
      }
    }
  }

  private static Sandbox sandbox(String name) {
    return new Sandbox(
        "id-" + name, name, 1, 1, 1, "hash", 0, Sandbox.State.RUNNING, null, Instant.EPOCH);
  }
}
