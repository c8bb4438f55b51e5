package dev.paddock.runner;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What the heap held right after the last collection, young ones included: what a leak makes grow,
 * while plain heap use also counts garbage not collected yet. The pools' own "collection usage"
 * will not do: G1 updates the old generation's only when a concurrent cycle or a full collection
 * ends, so a leak shows late and in steps.
 */
final class HeapAfterGc {

  private final AtomicLong bytes = new AtomicLong();
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
    bytes.set(used);
  }

  /** Bytes on the heap after the last collection; 0 before the first one. */
  long get() {
    return bytes.get();
  }
}
