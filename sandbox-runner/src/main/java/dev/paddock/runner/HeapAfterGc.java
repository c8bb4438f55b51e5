package dev.paddock.runner;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What the heap held right after each collection, young ones included: what a leak makes grow,
 * while plain heap use also counts garbage not collected yet. The pools' own "collection usage"
 * will not do: G1 updates the old generation's only when a concurrent cycle or a full collection
 * ends, so a leak shows late and in steps. Keeps the last {@value #KEPT} readings, and lets a
 * caller wait for the next one. Thread-safe.
 */
final class HeapAfterGc {

  /** How many readings are kept: a few seconds of a fast leak's collections. */
  static final int KEPT = 64;

  /** One reading: when (the JVM's uptime) and what the heap held after the collection. */
  record Point(long uptimeMillis, long bytes) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition collected = lock.newCondition();
  private final ArrayDeque<Point> points = new ArrayDeque<>(KEPT);
  private int warned;
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());

  /** Listens to every collector from now on. */
  HeapAfterGc() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (notification, handback) -> {
              if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  notification.getType())) {
                after(
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData()));
              }
            },
            null,
            null);
      }
    }
  }

  private void after(GarbageCollectionNotificationInfo collection) {
    long used = 0;
    for (var pool : collection.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    add(new Point(collection.getGcInfo().getEndTime(), used));
    warn(used);
  }

  /**
   * Logs the first collection after which the heap is past 75%, then 90%, of its maximum, so that
   * the sandbox's last log lines show a heap filling before it runs out.
   */
  private void warn(long used) {
    long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    int band = max <= 0 ? 0 : used * 100 >= max * 90 ? 2 : used * 100 >= max * 75 ? 1 : 0;
    if (band > warned) {
      warned = band;
      Pressure now = Pressure.of(trend(), max);
      Log.info(
          "GC: heap after collection %d MiB of %d MiB (%d%%), growing %d KiB/s"
              .formatted(used >> 20, max >> 20, used * 100 / max, now.bytesPerSecond() >> 10));
    }
  }

  void add(Point point) {
    lock.lock();
    try {
      if (points.size() == KEPT) {
        points.removeFirst();
      }
      points.addLast(point);
      collected.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes on the heap after the last collection; 0 before the first one. */
  long get() {
    lock.lock();
    try {
      return points.isEmpty() ? 0 : points.getLast().bytes();
    } finally {
      lock.unlock();
    }
  }

  /** The kept readings, oldest first. */
  List<Point> trend() {
    lock.lock();
    try {
      return List.copyOf(points);
    } finally {
      lock.unlock();
    }
  }

  /** Waits at most {@code millis} for the next collection; returns whether one came. */
  boolean awaitNext(long millis) throws InterruptedException {
    lock.lock();
    try {
      return collected.await(millis, TimeUnit.MILLISECONDS);
    } finally {
      lock.unlock();
    }
  }
}
