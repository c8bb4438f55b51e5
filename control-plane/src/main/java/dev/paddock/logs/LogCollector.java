package dev.paddock.logs;

import dev.paddock.leader.Leadership;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows the output of every running sandbox, one virtual thread each, and stores it per app in
 * batches: what an app wrote outlives its sandboxes. A sandbox followed again (after a control
 * plane restart) resumes after its last stored line. Lines that arrive while the database is away
 * wait in memory, up to a bound past which the oldest are dropped. Only the leader collects: a
 * control plane that stops leading drops what its followers still read, and the next leader resumes
 * after the last stored line.
 */
@Component
class LogCollector {

  private static final Logger log = LoggerFactory.getLogger(LogCollector.class);
  private static final int BACKLOG = 100_000;
  private static final int BATCH = 10_000;

  private final SandboxDriver driver;
  private final LogStore store;
  private final Leadership leadership;
  private final Set<String> followed = ConcurrentHashMap.newKeySet();
  private final Queue<LogStore.Entry> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger backlog = new AtomicInteger();
  private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();
  // Only flush() reads and writes it, one run at a time.
  private List<LogStore.Entry> unsaved = List.of();

  LogCollector(SandboxDriver driver, LogStore store, Leadership leadership) {
    this.driver = driver;
    this.store = store;
    this.leadership = leadership;
  }

  /** Starts following sandboxes that run and are not followed yet. */
  @Scheduled(fixedDelayString = "${paddock.logs.discover-interval:1s}")
  void discover() {
    if (!leadership.isLeader()) {
      return;
    }
    try {
      for (Sandbox sandbox : driver.list()) {
        if (sandbox.state() == Sandbox.State.RUNNING && followed.add(sandbox.id())) {
          followers.execute(() -> follow(sandbox));
        }
      }
    } catch (RuntimeException e) {
      log.warn("Listing sandboxes to follow failed, will retry: {}", e.getMessage());
    }
  }

  private void follow(Sandbox sandbox) {
    try {
      Instant since = store.lastOf(sandbox.name()).orElse(Instant.EPOCH);
      driver.follow(
          sandbox,
          since,
          line -> {
            if (!leadership.isLeader()) {
              return;
            }
            pending.add(
                new LogStore.Entry(
                    sandbox.appId(),
                    sandbox.name(),
                    sandbox.slot(),
                    line.at(),
                    line.stderr(),
                    line.text()));
            if (backlog.incrementAndGet() > BACKLOG && pending.poll() != null) {
              backlog.decrementAndGet();
            }
          });
    } catch (RuntimeException e) {
      log.warn("Following {} failed, will retry: {}", sandbox.name(), e.getMessage());
    } finally {
      followed.remove(sandbox.id());
    }
  }

  /** Stores what arrived since the last flush, then trims the apps it touched. */
  @Scheduled(fixedDelayString = "${paddock.logs.flush-interval:500ms}")
  void flush() {
    List<LogStore.Entry> batch = new ArrayList<>(unsaved);
    for (LogStore.Entry entry; batch.size() < BATCH && (entry = pending.poll()) != null; ) {
      backlog.decrementAndGet();
      batch.add(entry);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.append(batch);
      unsaved = List.of();
    } catch (RuntimeException e) {
      unsaved = batch;
      log.warn("Storing {} log lines failed, will retry: {}", batch.size(), e.getMessage());
      return;
    }
    Set<Long> apps = new HashSet<>();
    batch.forEach(e -> apps.add(e.appId()));
    try {
      store.trim(apps);
    } catch (RuntimeException e) {
      log.warn("Trimming logs failed, the next flush retries: {}", e.getMessage());
    }
  }
}
