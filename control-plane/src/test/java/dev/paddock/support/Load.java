package dev.paddock.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Steady requests through the httpd edge from a few threads, each pausing between requests if
 * asked, counting every answer by status (0 for an I/O failure), until closed.
 */
public final class Load implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads;

  public Load(int port, String host, String path, int threads) {
    this(port, host, path, threads, Duration.ZERO);
  }

  public Load(int port, String host, String path, int threads, Duration pause) {
    this.threads =
        IntStream.range(0, threads)
            .mapToObj(i -> Thread.ofVirtual().start(() -> run(port, host, path, pause)))
            .toList();
  }

  private void run(int port, String host, String path, Duration pause) {
    while (running.get()) {
      if (!pause.isZero()) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          return;
        }
      }
      int status;
      try {
        status = Api.edge(port, host, path).status();
      } catch (RuntimeException e) {
        status = 0;
        if (failures.size() < 5) {
          failures.add(Instant.now() + " " + e.getMessage());
        }
      }
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }
  }

  /** Stops the load and returns how many requests ended with each status. */
  public Map<Integer, Long> stop() {
    close();
    Map<Integer, Long> counts = new TreeMap<>();
    statuses.forEach((status, count) -> counts.put(status, count.sum()));
    return counts;
  }

  /** When and how the first few requests that got no answer failed, for a failed assertion. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
