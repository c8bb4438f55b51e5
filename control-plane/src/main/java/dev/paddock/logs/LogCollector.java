package dev.paddock.logs;

import dev.paddock.leader.Leadership;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxListing;
import dev.paddock.sandbox.SandboxLogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Follows the output of every running sandbox and stores it per app in batches: what an app wrote
 * outlives its sandboxes. At most {@link LogProperties#followers()} sandboxes are followed at once;
 * when more run they take turns ({@link FollowTurns}), so log collection holds a bounded number of
 * engine connections however many sandboxes run. A sandbox followed again (its next turn, or after
 * a control plane restart) resumes after its last line read or stored. Lines that arrive while the
 * database is away wait in memory, up to a bound past which the oldest are dropped. Only the leader
 * collects: a control plane that stops leading drops what its followers still read, and the next
 * leader resumes after the last stored line.
 */
@Component
class LogCollector implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(LogCollector.class);
  private static final int BACKLOG = 100_000;
  private static final int BATCH = 10_000;

  private final SandboxListing listing;
  private final SandboxLogs output;
  private final LogStore store;
  private final Leadership leadership;
  private final Duration discoverInterval;
  private final Duration flushInterval;
  private final Duration followSlice;
  private final FollowTurns turns;
  // When discover() last listed the sandboxes (System.nanoTime); only discover() uses it.
  private long listedAt;
  // The last line read of each sandbox followed, by id: where its next turn resumes.
  private final Map<String, Instant> lastRead = new ConcurrentHashMap<>();
  private final Queue<LogStore.Entry> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger backlog = new AtomicInteger();
  // Only flush() reads and writes it, one run at a time.
  private List<LogStore.Entry> unsaved = List.of();

  LogCollector(
      SandboxListing listing,
      SandboxLogs output,
      LogStore store,
      Leadership leadership,
      LogProperties properties,
      Clock clock) {
    this.listing = listing;
    this.output = output;
    this.store = store;
    this.leadership = leadership;
    this.discoverInterval = properties.discoverInterval();
    this.flushInterval = properties.flushInterval();
    this.followSlice = properties.followSlice();
    this.listedAt = System.nanoTime() - followSlice.toNanos();
    this.turns =
        new FollowTurns(properties.followers(), properties.followSlice(), clock, this::follow);
  }

  /**
   * Lines up sandboxes that run and are not followed yet, and gives the next ones their turn. While
   * a place is free the installation's listing is looked at each call, no older than the interval
   * (a new sandbox is followed at once), else at most once a {@link LogProperties#followSlice} and
   * as old as that: one found then waits for a turn anyway, and a listing of hundreds of containers
   * costs the engine more than a second's notice is worth.
   */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(new FixedDelayTask(this::discover, discoverInterval, Duration.ZERO));
    tasks.addFixedDelayTask(new FixedDelayTask(this::flush, flushInterval, Duration.ZERO));
  }

  void discover() {
    if (!leadership.isLeader()) {
      return;
    }
    long now = System.nanoTime();
    try {
      boolean full = turns.full();
      if (!full || now - listedAt >= followSlice.toNanos()) {
        listedAt = now;
        for (Sandbox sandbox : listing.within(full ? followSlice : discoverInterval)) {
          if (sandbox.state() == Sandbox.State.RUNNING) {
            turns.offer(sandbox);
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("Listing sandboxes to follow failed, will retry: {}", e.getMessage());
    }
    turns.rotate();
  }

  /** Follows one sandbox until it stops or its turn ends. */
  private void follow(Sandbox sandbox) {
    boolean stopped = false;
    try {
      Instant stored = store.lastOf(sandbox.name()).orElse(Instant.EPOCH);
      Instant since = lastRead.merge(sandbox.id(), stored, (a, b) -> a.isAfter(b) ? a : b);
      output.follow(
          sandbox,
          since,
          line -> {
            if (!leadership.isLeader()) {
              return;
            }
            lastRead.put(sandbox.id(), line.at());
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
      stopped = !Thread.currentThread().isInterrupted();
    } catch (RuntimeException e) {
      log.warn("Following {} failed, will retry: {}", sandbox.name(), e.getMessage());
    } finally {
      if (stopped) {
        lastRead.remove(sandbox.id());
      }
    }
  }

  /** Stores what arrived since the last flush, then trims the apps it touched. */
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
