package dev.paddock.reconcile;

import dev.paddock.app.AppChanged;
import dev.paddock.app.RoutesChanged;
import dev.paddock.leader.Leadership;
import dev.paddock.sandbox.Excerpt;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxWatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The one reconciler: brings Docker and httpd to the state in PostgreSQL, after every write and
 * periodically. Passes for one app never overlap; requests during a pass are coalesced into one
 * more pass; different apps reconcile in parallel. Thread-safe.
 *
 * <p>Of several control planes on one database only the {@link Leadership leader} touches
 * sandboxes; the others hand their requests to it. Every one of them keeps its own edge's routes.
 */
@Component
public class Reconciler implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /** How many passes may be under way while the resync asks for more. */
  private static final int RESYNC_PASSES = 4;

  private static final Duration ROOM_WAIT = Duration.ofSeconds(1);

  private final AppReconciler apps;
  private final DesiredState state;
  private final Optional<SandboxWatcher> watcher;
  private final ObservedSandboxes observed;
  private final RouteTable routes;
  private final Orphans orphans;
  private final ReconcileProperties intervals;
  private final Leadership leadership;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
  private final Map<Long, AtomicInteger> requests = new ConcurrentHashMap<>();

  /** Passes under way or about to start, over every app; each that ends signals {@link #room}. */
  private final AtomicInteger passing = new AtomicInteger();

  private final ReentrantLock roomLock = new ReentrantLock();
  private final Condition room = roomLock.newCondition();

  private final AtomicInteger routeRequests = new AtomicInteger();

  Reconciler(
      AppReconciler apps,
      DesiredState state,
      Optional<SandboxWatcher> watcher,
      ObservedSandboxes observed,
      RouteTable routes,
      Orphans orphans,
      ReconcileProperties intervals,
      Leadership leadership) {
    this.apps = apps;
    this.state = state;
    this.watcher = watcher;
    this.observed = observed;
    this.routes = routes;
    this.orphans = orphans;
    this.intervals = intervals;
    this.leadership = leadership;
  }

  /** Asks for a pass over the app soon; returns at once. */
  public void request(long appId) {
    if (!leadership.isLeader()) {
      leadership.requestFromLeader(appId);
      return;
    }
    AtomicInteger pending = requests.computeIfAbsent(appId, id -> new AtomicInteger());
    if (pending.getAndIncrement() == 0) {
      // Counted from now, not from when its thread first runs, which a busy host may delay.
      passing.incrementAndGet();
      workers.execute(() -> drain(appId, pending));
    }
  }

  /** A write changed what one app should run: a pass over it once the write has committed. */
  @TransactionalEventListener(fallbackExecution = true)
  void on(AppChanged changed) {
    request(changed.appId());
  }

  /**
   * A write changed what the edge serves: this edge's httpd is rewritten off the writer's thread,
   * and the other control planes are told. A refusal is logged and retried by the next resync,
   * never surfaced to the writer.
   */
  @TransactionalEventListener(fallbackExecution = true)
  void on(RoutesChanged changed) {
    requestRoutes();
    leadership.routesChanged();
  }

  @EventListener
  void on(Leadership.RoutesChanged changed) {
    requestRoutes();
  }

  /**
   * One sync at a time, and one more after it for whatever changed meanwhile: a thousand app
   * creates in a row make a few rewrites of httpd, not a thousand.
   */
  private void requestRoutes() {
    if (routeRequests.getAndIncrement() == 0) {
      workers.execute(
          () -> {
            int seen;
            do {
              seen = routeRequests.get();
              syncRoutes();
            } while (routeRequests.addAndGet(-seen) > 0);
          });
    }
  }

  @EventListener
  void on(Leadership.AppRequested requested) {
    request(requested.appId());
  }

  /** A new leader takes up every app at once, not at the next resync. */
  @EventListener
  void on(Leadership.Gained gained) {
    state.leading();
    workers.execute(this::resync);
  }

  private void syncRoutes() {
    try {
      routes.sync();
    } catch (RuntimeException e) {
      log.warn("Routing update failed, the next resync retries: {}", e.getMessage());
    }
  }

  /**
   * Reacts to sandboxes dying at once, where the engine can tell, rather than at the next resync.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void watch() {
    // The engine may announce a death a moment before its listings show it: look twice.
    watcher.ifPresent(
        w ->
            w.watch(
                appId -> {
                  observed.changed(appId);
                  if (leadership.isLeader()) {
                    request(appId);
                    later(appId, intervals.drainRecheck());
                  }
                }));
  }

  /** The periodic full pass, every {@code paddock.reconcile.interval}. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(new FixedDelayTask(this::resync, intervals.interval(), Duration.ZERO));
  }

  /**
   * The periodic full pass: routes, and on the leader every app that should run or has sandboxes,
   * and whatever no app owns any more. An app only registered, or asleep with nothing on the
   * engine, has nothing to do until a write or a request for it asks for a pass. The apps' passes
   * are let in a few at a time ({@link #awaitRoom}).
   */
  public void resync() {
    try {
      routes.sync();
      if (!leadership.isLeader()) {
        return;
      }
      List<Sandbox> sandboxes = observed.all();
      Set<Long> running = sandboxes.stream().map(Sandbox::appId).collect(Collectors.toSet());
      for (long appId : state.appIdsAtWork(running)) {
        awaitRoom();
        request(appId);
      }
      orphans.remove(sandboxes);
    } catch (IOException | RuntimeException e) {
      log.warn("Resync failed, will retry: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Lets the resync's passes in a few at a time: hundreds at once would queue for the database's
   * connections, and the API's calls with them. A pass of a rollout may wait minutes for a sandbox
   * to be healthy, so the resync waits at most {@link #ROOM_WAIT} for room, then goes on.
   */
  private void awaitRoom() throws InterruptedException {
    long left = ROOM_WAIT.toNanos();
    roomLock.lock();
    try {
      while (passing.get() >= RESYNC_PASSES && left > 0) {
        left = room.awaitNanos(left);
      }
    } finally {
      roomLock.unlock();
    }
  }

  private void drain(long appId, AtomicInteger pending) {
    try {
      passes(appId, pending);
    } finally {
      passing.decrementAndGet();
      roomLock.lock();
      try {
        room.signal();
      } finally {
        roomLock.unlock();
      }
    }
  }

  private void passes(long appId, AtomicInteger pending) {
    do {
      pending.set(1);
      try {
        Outcome outcome = apps.reconcile(appId);
        if (!(outcome instanceof Outcome.Unchanged)) {
          log.info("App {}: {}", appId, Excerpt.oneLine(outcome.toString()));
        }
        followUp(appId, outcome, pending);
      } catch (SandboxException | DataAccessException e) {
        failed(appId, e);
      } catch (RuntimeException e) {
        // Neither the engine's trouble nor the database's: a fault here, worth its stack trace.
        log.error("App {}: reconcile failed unexpectedly", appId, e);
        failed(appId, e);
      }
    } while (!pending.compareAndSet(1, 0));
  }

  /** Asks for the next pass now, later, or not until the next resync, as the outcome needs. */
  private void followUp(long appId, Outcome outcome, AtomicInteger pending) {
    switch (outcome) {
      // The target went back to the live rollout: make sure that one is in place.
      case Outcome.Failed failed -> pending.incrementAndGet();
      case Outcome.Recovering r when r.retryIn().isZero() -> pending.incrementAndGet();
      case Outcome.Recovering r -> later(appId, r.retryIn());
      case Outcome.Draining d -> later(appId, intervals.drainRecheck());
      // Done, or waiting for the next resync (a crash's back-off that has no end yet).
      case Outcome.Unchanged u -> {}
      case Outcome.Promoted p -> {}
      case Outcome.Removed r -> {}
      case Outcome.Slept s -> {}
      case Outcome.Retry r -> {}
    }
  }

  private void later(long appId, Duration delay) {
    timer.schedule(() -> request(appId), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void failed(long appId, RuntimeException e) {
    log.warn(
        "App {}: reconcile failed, the next resync retries: {}",
        appId,
        Excerpt.oneLine(String.valueOf(e.getMessage())));
    try {
      state.error(appId, e.getMessage());
    } catch (RuntimeException ignored) {
      // The database is down too; the next resync will record it.
    }
  }
}
