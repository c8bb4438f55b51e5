package dev.paddock.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A look at something at every interval on a thread of its own, started and stopped with the
 * control plane: a look that fails is logged and the next one comes an interval later; a stop
 * interrupts the pause and waits for a look in progress to end.
 */
public abstract class Periodic implements SmartLifecycle {

  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private volatile Thread thread;

  /**
   * @param name the thread's name, which the logs show
   */
  protected Periodic(String name) {
    this.name = name;
  }

  /** One look. */
  protected abstract void check();

  /** The pause after each look. */
  protected abstract Duration interval();

  /** Whether this installation needs the look at all; yes unless a subclass says otherwise. */
  protected boolean wanted() {
    return true;
  }

  @Override
  public void start() {
    if (!wanted()) {
      return;
    }
    Thread looking = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
    thread = looking;
    looking.start();
  }

  private void loop() {
    while (thread == Thread.currentThread()) {
      try {
        check();
      } catch (RuntimeException e) {
        if (thread == Thread.currentThread()) {
          log.error("{} failed; trying again in {}", name, interval(), e);
        }
      }
      try {
        Thread.sleep(interval());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void stop() {
    Thread looking = thread;
    thread = null;
    if (looking != null) {
      looking.interrupt();
      try {
        looking.join(STOP_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}
