package dev.paddock.logs;

import dev.paddock.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Follows sandboxes' output, a bounded number at once, in turns: while others wait, a follow that
 * has run its slice is interrupted and goes to the back of the line, so every sandbox is read in
 * turn and however many run, no more follows are open than there are places. Thread-safe.
 */
final class FollowTurns {

  private record Turn(Thread thread, Instant started, AtomicBoolean yielded) {}

  private final int places;
  private final Duration slice;
  private final Clock clock;
  private final Consumer<Sandbox> follow;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Queue<Sandbox> waiting = new ConcurrentLinkedQueue<>();
  private final Map<String, Turn> following = new ConcurrentHashMap<>();

  /**
   * @param follow follows one sandbox until it stops, or until its thread is interrupted
   */
  FollowTurns(int places, Duration slice, Clock clock, Consumer<Sandbox> follow) {
    this.places = places;
    this.slice = slice;
    this.clock = clock;
    this.follow = follow;
  }

  /** Lines a running sandbox up, unless it is followed or waiting already. */
  void offer(Sandbox sandbox) {
    if (known.add(sandbox.id())) {
      waiting.add(sandbox);
    }
  }

  /**
   * Ends the follows whose slice is over, as many as wait beyond those already ending, and starts
   * waiting ones.
   */
  synchronized void rotate() {
    Instant over = clock.instant().minus(slice);
    long ending = following.values().stream().filter(turn -> turn.yielded().get()).count();
    following.values().stream()
        .filter(turn -> turn.started().isBefore(over) && !turn.yielded().get())
        .limit(Math.max(0, waiting.size() - ending))
        .forEach(
            turn -> {
              turn.yielded().set(true);
              turn.thread().interrupt();
            });
    for (Sandbox next; following.size() < places && (next = waiting.poll()) != null; ) {
      start(next);
    }
  }

  /** How many sandboxes are followed now. */
  int following() {
    return following.size();
  }

  /** Whether every place is taken: a sandbox offered now waits for a turn. */
  boolean full() {
    return following.size() >= places;
  }

  private void start(Sandbox sandbox) {
    AtomicBoolean yielded = new AtomicBoolean();
    Thread thread =
        Thread.ofVirtual().name("logs-" + sandbox.name()).unstarted(() -> run(sandbox, yielded));
    following.put(sandbox.id(), new Turn(thread, clock.instant(), yielded));
    thread.start();
  }

  private void run(Sandbox sandbox, AtomicBoolean yielded) {
    try {
      follow.accept(sandbox);
    } finally {
      following.remove(sandbox.id());
      if (yielded.get()) {
        waiting.add(sandbox);
      } else {
        known.remove(sandbox.id());
      }
    }
  }
}
