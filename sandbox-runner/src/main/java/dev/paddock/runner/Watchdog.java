package dev.paddock.runner;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how long a handler may hold a request: past the timeout the client gets its answer
 * (whatever {@code onTimeout} sends) and the handler's thread is interrupted. Java cannot stop a
 * thread that ignores interrupts; the log says so, and the leak policy or a restart deals with it.
 * Costs one set insertion and removal per request; one timer thread checks four times a second.
 */
final class Watchdog implements AutoCloseable {

  private final Duration timeout;
  private final Set<Watched> running = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("paddock-watchdog").factory());

  /** A request under watch; whoever sets {@code answered} first answers the client. */
  record Watched(
      String what, Thread thread, long deadline, AtomicBoolean answered, Runnable onTimeout) {}

  Watchdog(Duration timeout) {
    this.timeout = timeout;
    timer.scheduleWithFixedDelay(this::check, 250, 250, TimeUnit.MILLISECONDS);
  }

  Duration timeout() {
    return timeout;
  }

  Watched watch(String what, AtomicBoolean answered, Runnable onTimeout) {
    Watched watched =
        new Watched(
            what,
            Thread.currentThread(),
            System.nanoTime() + timeout.toNanos(),
            answered,
            onTimeout);
    running.add(watched);
    return watched;
  }

  void done(Watched watched) {
    running.remove(watched);
  }

  private void check() {
    long now = System.nanoTime();
    for (Watched watched : running) {
      if (now - watched.deadline() > 0 && watched.answered().compareAndSet(false, true)) {
        running.remove(watched);
        Log.error(
            "watchdog: %s took longer than %ds; answered 504 and interrupted the handler"
                .formatted(watched.what(), timeout.toSeconds()),
            null);
        watched.thread().interrupt();
        try {
          watched.onTimeout().run();
        } catch (RuntimeException e) {
          Log.error("watchdog: answering " + watched.what() + " failed", e);
        }
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
