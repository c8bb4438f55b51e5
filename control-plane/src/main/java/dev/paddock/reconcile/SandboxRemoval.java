package dev.paddock.reconcile;

import dev.paddock.events.Events;
import dev.paddock.metrics.Samples;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxLogs;
import dev.paddock.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes sandboxes together with their sockets (when never switched into place). A replaced
 * sandbox is retired in the background, so its drain never holds up the app's next rollout; if the
 * control plane dies meanwhile, the next pass finds the sandbox and retires it again. A sandbox
 * that dies of itself while it drains (a leak that reaches the memory limit during a recycle) is
 * recorded like any other death, though nothing restarts it.
 */
@Component
class SandboxRemoval {

  private static final Logger log = LoggerFactory.getLogger(SandboxRemoval.class);

  private final SandboxDriver driver;
  private final SandboxLogs output;
  private final ObservedSandboxes observed;
  private final Events events;
  private final Samples samples;
  private final Set<String> retiring = ConcurrentHashMap.newKeySet();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

  SandboxRemoval(
      SandboxDriver driver,
      SandboxLogs output,
      ObservedSandboxes observed,
      Events events,
      Samples samples) {
    this.driver = driver;
    this.output = output;
    this.observed = observed;
    this.events = events;
    this.samples = samples;
  }

  /** Removes the sandbox now, giving it {@code grace} to drain. */
  void remove(Sandbox sandbox, Path socketDir, Duration grace) {
    driver.remove(sandbox, grace);
    observed.changed(sandbox.appId());
    try {
      Files.deleteIfExists(socketDir.resolve(SandboxSpec.socketName(sandbox.specHash())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the sandbox is being drained and removed. */
  boolean retiring(Sandbox sandbox) {
    return retiring.contains(sandbox.id());
  }

  /** Drains and removes the sandbox in the background; a second call while it runs is a no-op. */
  void retire(long tenantId, Sandbox sandbox, Path socketDir, Duration grace) {
    if (!retiring.add(sandbox.id())) {
      return;
    }
    background.execute(
        () -> {
          try {
            driver.stop(sandbox, grace).ifPresent(cause -> died(tenantId, sandbox, cause));
            remove(sandbox, socketDir, Duration.ZERO);
          } catch (RuntimeException e) {
            log.warn(
                "Retiring {} failed, the next pass retries: {}", sandbox.name(), e.getMessage());
          } finally {
            retiring.remove(sandbox.id());
          }
        });
  }

  private void died(long tenantId, Sandbox sandbox, String cause) {
    List<String> logs = output.logs(sandbox, Forensics.TAIL);
    events.record(
        tenantId,
        sandbox.appId(),
        "sandbox.crashed",
        Forensics.death(
            "Sandbox %s died while it drained".formatted(sandbox.name()),
            Forensics.cause(cause, logs),
            samples.last(sandbox.name(), sandbox.created()),
            logs));
  }
}
