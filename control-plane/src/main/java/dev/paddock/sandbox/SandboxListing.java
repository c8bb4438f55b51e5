package dev.paddock.sandbox;

import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The installation's sandboxes as the engine last listed them, shared by everyone who lists them.
 * At hundreds of sandboxes one listing is a megabyte of JSON for the engine to write and the
 * control plane to read, and the reconciler, the sampler and the log collector each want one every
 * few seconds. Who can use one a little old asks {@link #within}; who must see what the engine says
 * now (the reconciler, which counts the changes since) asks {@link #now}, and the others get that
 * one while it is young enough. Thread-safe: who finds it stale lists while the others wait.
 */
@Component
public class SandboxListing {

  private record Taken(List<Sandbox> sandboxes, long at) {}

  private final SandboxDriver driver;
  private Taken last;

  public SandboxListing(SandboxDriver driver) {
    this.driver = driver;
  }

  /** Every sandbox of the installation, listed now. */
  public synchronized List<Sandbox> now() {
    long at = System.nanoTime();
    last = new Taken(driver.list(), at);
    return last.sandboxes();
  }

  /** Every sandbox of the installation, listed at most {@code age} ago. */
  public synchronized List<Sandbox> within(Duration age) {
    if (last == null || System.nanoTime() - last.at() > age.toNanos()) {
      return now();
    }
    return last.sandboxes();
  }
}
