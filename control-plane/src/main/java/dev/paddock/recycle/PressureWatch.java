package dev.paddock.recycle;

import dev.paddock.leader.Leadership;
import dev.paddock.sandbox.AdminProbe;
import dev.paddock.sandbox.HeapPressure;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Hears of a leak too fast for sampling: for every running sandbox of an app with a leak policy,
 * one virtual thread holds a request open on its runner's {@code /pressure}, which the runner
 * answers at the collection after which its heap is past a floor and, at its pace, full sooner than
 * a replacement needs (the lead: twice the JVM's own start plus the container's, at least {@link
 * #MIN_LEAD}). Then {@link Recycler#pressed} replaces it at once. Every ask is bounded in time and
 * size ({@link AdminProbe#pressure}); a runner that does not answer is asked again, no more than
 * every {@link #AFTER_MISS}, and a runner's claims only ever cause the recycle its app's policy
 * allows.
 */
@Component
class PressureWatch implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(PressureWatch.class);

  /** How long one ask is held open. */
  static final Duration WAIT = Duration.ofSeconds(20);

  static final Duration MIN_LEAD = Duration.ofSeconds(5);
  static final Duration MAX_LEAD = Duration.ofSeconds(30);

  /** What a container takes to start, beside its JVM's own start. */
  static final Duration CONTAINER_START = Duration.ofSeconds(3);

  /**
   * The heap after collection must be past this share of its maximum (or the policy's own, if
   * lower) before a projection counts: a JVM's first collections, as it loads its classes and fills
   * its caches, make a steep but short slope. Low, since a fast leak leaves little time past it (16
   * MiB/s fills a 256 MiB sandbox's 133 MiB heap in about eight seconds).
   */
  static final int FLOOR_PERCENT = 25;

  static final Duration BETWEEN_ASKS = Duration.ofMillis(500);
  static final Duration AFTER_MISS = Duration.ofSeconds(5);

  private final RecyclePolicies policies;
  private final SandboxDriver driver;
  private final Recycler recycler;
  private final Leadership leadership;
  private final RecycleProperties properties;
  private final AdminProbe probe = new AdminProbe(Duration.ofSeconds(2));
  private final Map<String, Thread> watching = new ConcurrentHashMap<>();
  private volatile Map<String, RecyclePolicy> wanted = Map.of();

  PressureWatch(
      RecyclePolicies policies,
      SandboxDriver driver,
      Recycler recycler,
      Leadership leadership,
      RecycleProperties properties) {
    this.properties = properties;
    this.policies = policies;
    this.driver = driver;
    this.recycler = recycler;
    this.leadership = leadership;
  }

  /** Starts watching the running sandboxes of apps with a leak policy; the rest stop. */
  /** Looks for sandboxes to watch every {@code paddock.recycle.pressure-check}. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(
        new FixedDelayTask(this::check, properties.pressureCheck(), Duration.ZERO));
  }

  void check() {
    try {
      Map<String, RecyclePolicy> now = new HashMap<>();
      List<Sandbox> watched = watchable(now);
      wanted = now;
      for (Sandbox sandbox : watched) {
        watching.computeIfAbsent(
            sandbox.id(),
            id ->
                Thread.ofVirtual().name("pressure-" + sandbox.name()).start(() -> watch(sandbox)));
      }
    } catch (RuntimeException e) {
      log.warn("Choosing which sandboxes to watch for leaks failed, retried: {}", e.getMessage());
    }
  }

  /** The running sandboxes of apps with a leak policy, their policies put in {@code policies}. */
  private List<Sandbox> watchable(Map<String, RecyclePolicy> policies) {
    Map<Long, RecyclePolicies.Watched> apps =
        leadership.isLeader() ? this.policies.leakWatched() : Map.of();
    if (apps.isEmpty()) {
      return List.of();
    }
    List<Sandbox> watchable = new ArrayList<>();
    for (Sandbox sandbox : driver.list()) {
      RecyclePolicies.Watched app = apps.get(sandbox.appId());
      if (app != null
          && sandbox.deploy() == app.liveDeploy()
          && sandbox.state() == Sandbox.State.RUNNING
          && sandbox.admin() != null) {
        policies.put(sandbox.id(), app.policy());
        watchable.add(sandbox);
      }
    }
    return watchable;
  }

  private void watch(Sandbox sandbox) {
    try {
      Duration lead = MIN_LEAD;
      RecyclePolicy policy;
      while ((policy = wanted.get(sandbox.id())) != null && !recycler.recycled(sandbox)) {
        long asked = System.nanoTime();
        HeapPressure pressure = probe.pressure(sandbox.admin(), lead, floor(policy), WAIT);
        if (pressure != null) {
          lead = lead(pressure);
          if (pressing(pressure, lead, floor(policy))) {
            recycler.pressed(sandbox, pressure, lead);
            return;
          }
        }
        pause(asked, pressure == null ? AFTER_MISS : BETWEEN_ASKS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watching.remove(sandbox.id());
    }
  }

  static int floor(RecyclePolicy policy) {
    Integer own = policy.heapAfterGcPercent();
    return own == null ? FLOOR_PERCENT : Math.min(own, FLOOR_PERCENT);
  }

  /** What a replacement needs to serve: twice the JVM's own start, plus the container's. */
  static Duration lead(HeapPressure pressure) {
    Duration ready = pressure.ready() == null ? Duration.ofSeconds(2) : pressure.ready();
    Duration lead = ready.multipliedBy(2).plus(CONTAINER_START);
    return lead.compareTo(MIN_LEAD) < 0 ? MIN_LEAD : lead.compareTo(MAX_LEAD) > 0 ? MAX_LEAD : lead;
  }

  /** Whether the heap is past the floor and full within the lead. */
  static boolean pressing(HeapPressure pressure, Duration lead, int floorPercent) {
    return pressure.exhaustion() != null
        && pressure.heapMax() > 0
        && pressure.exhaustion().compareTo(lead) <= 0
        && pressure.heapAfterGc() * 100.0 >= pressure.heapMax() * (double) floorPercent;
  }

  private static void pause(long since, Duration atLeast) throws InterruptedException {
    long left = atLeast.toNanos() - (System.nanoTime() - since);
    if (left > 0) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }
}
