package dev.paddock.runner;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how long a handler may hold a request: past the timeout the client gets its answer
 * (whatever {@code onTimeout} sends) and the handler's thread is interrupted. Java cannot stop a
 * thread that ignores interrupts; the log says so, and the leak policy or a restart deals with it.
 * Each request schedules its own deadline on one timer thread and cancels it when answered, so an
 * idle sandbox's timer never wakes (one that looked four times a second cost each idle JVM about
 * 0.6 ms of CPU a second, which adds up at hundreds of sandboxes on a host).
 */
final class Watchdog implements AutoCloseable {

  private final Duration timeout;
  private final ScheduledThreadPoolExecutor timer =
      new ScheduledThreadPoolExecutor(
          1, Thread.ofPlatform().daemon().name("paddock-watchdog").factory());

  /** A request under watch; whoever sets {@code answered} first answers the client. */
  static final class Watched {
    private final String what;
    private final Thread thread;
    private final AtomicBoolean answered;
    private final Runnable onTimeout;
    private volatile ScheduledFuture<?> deadline;

    private Watched(String what, Thread thread, AtomicBoolean answered, Runnable onTimeout) {
      this.what = what;
      this.thread = thread;
      this.answered = answered;
      this.onTimeout = onTimeout;
    }
  }

  Watchdog(Duration timeout) {
    this.timeout = timeout;
    timer.setRemoveOnCancelPolicy(true);
  }

  Duration timeout() {
    return timeout;
  }

  Watched watch(String what, AtomicBoolean answered, Runnable onTimeout) {
    Watched watched = new Watched(what, Thread.currentThread(), answered, onTimeout);
    watched.deadline =
        timer.schedule(() -> expire(watched), timeout.toNanos(), TimeUnit.NANOSECONDS);
    return watched;
  }

  void done(Watched watched) {
    watched.deadline.cancel(false);
  }

  private void expire(Watched watched) {
    if (!watched.answered.compareAndSet(false, true)) {
      return;
    }
    Log.error(
        "watchdog: %s took longer than %ds; answered 504 and interrupted the handler"
            .formatted(watched.what, timeout.toSeconds()),
        null);
    watched.thread.interrupt();
    try {
      watched.onTimeout.run();
    } catch (RuntimeException e) {
      Log.error("watchdog: answering " + watched.what + " failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
