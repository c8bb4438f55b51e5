package dev.paddock.runner;

import dev.paddock.runner.AdminHttp.Exchange;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.management.JMException;

/**
 * The sandbox's internal endpoint for the control plane: {@code GET /health[?wait=MS]}, {@code GET
 * /metrics} and the JVM's diagnostics, {@code GET /diagnostics/threads} and {@code
 * /diagnostics/histogram} (text, as the JVM prints them), {@code /diagnostics/gc?lines=N} (the GC
 * log's last lines, {@link GcLog}), {@code /diagnostics/native-memory} and {@code
 * /diagnostics/recording?seconds=N} (a flight recording, sent once it ends), and {@code GET
 * /pressure?within=MS&floor=PERCENT&wait=S}: the heap after collection's trend and when, at its
 * pace, the heap is full ({@link Pressure}), answered once a collection leaves the heap past {@code
 * floor}% of its maximum and full within {@code within} ms, or after {@code wait} seconds (at most
 * {@value #MAX_WAIT}; at once without it), so that the control plane hears of a fast leak at the
 * collection that shows it. The web server never routes to it, so tenants' visitors cannot reach
 * it.
 */
final class AdminServer {

  private final int port;
  private final Supplier<Health> health;
  private final Supplier<String> waiting;
  private final Supplier<AppServer.Traffic> traffic;
  private AdminHttp server;
  private final Diagnostics diagnostics =
      new Diagnostics(Path.of(System.getProperty("java.io.tmpdir"), "paddock-diagnostics"));
  private volatile HeapAfterGc heapAfterGc;
  private volatile long readyMillis;

  /** The longest a pressure request is held open, in seconds. */
  static final int MAX_WAIT = 60;

  /** The longest a health ask is held while the app starts, in milliseconds. */
  static final int MAX_HEALTH_WAIT = 2_000;

  /** How often a held health ask looks again: the app's own readiness is a cheap local check. */
  private static final Duration HEALTH_RECHECK = Duration.ofMillis(5);

  AdminServer(
      int port,
      Supplier<Health> health,
      Supplier<String> waiting,
      Supplier<AppServer.Traffic> traffic) {
    this.port = port;
    this.health = health;
    this.waiting = waiting;
    this.traffic = traffic;
  }

  void start() throws IOException {
    server = AdminHttp.start(port, this::handle);
    // Off the start path: the management beans take a moment to come up.
    Thread.ofVirtual().start(() -> heapAfterGc = new HeapAfterGc());
  }

  int port() {
    return server.port();
  }

  void stop() {
    server.close();
  }

  private void handle(Exchange exchange) throws IOException {
    String path = exchange.path();
    if (!"GET".equals(exchange.method())) {
      send(exchange, 405, "{\"error\":\"method not allowed\"}");
    } else if ("/health".equals(path)) {
      health(exchange);
    } else if ("/metrics".equals(path)) {
      send(exchange, 200, metrics());
    } else if ("/pressure".equals(path)) {
      pressure(exchange);
    } else if (path.startsWith("/diagnostics/")) {
      diagnose(exchange, path.substring("/diagnostics/".length()));
    } else {
      send(exchange, 404, "{\"error\":\"not found\"}");
    }
  }

  /**
   * The health at once; with {@code wait=MS} (at most {@value #MAX_HEALTH_WAIT} ms), the answer is
   * held while the app starts and sent the moment it serves, so that a deploy's health gate sees it
   * without polling.
   */
  private void health(Exchange exchange) throws IOException {
    long wait;
    try {
      wait = numbers(exchange.query()).getOrDefault("wait", 0L);
    } catch (IllegalArgumentException e) {
      send(exchange, 400, error(e));
      return;
    }
    long until = System.nanoTime() + Math.min(MAX_HEALTH_WAIT, wait) * 1_000_000L;
    Health now = health.get();
    try {
      while (now == Health.STARTING && System.nanoTime() < until) {
        Thread.sleep(HEALTH_RECHECK);
        now = health.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (now == Health.UP && readyMillis == 0) {
      readyMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    }
    send(exchange, now == Health.UP ? 200 : 503, health(now));
  }

  /** The status, and while starting what the app is waited for, for the deploy's reason. */
  private String health(Health now) {
    String detail = now == Health.STARTING ? waiting.get() : "";
    return detail.isEmpty()
        ? "{\"status\":\"" + now + "\"}"
        : "{\"status\":\"%s\",\"detail\":\"%s\"}".formatted(now, jsonText(detail));
  }

  private static String jsonText(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", " ");
  }

  private void diagnose(Exchange exchange, String what) throws IOException {
    try {
      switch (what) {
        case "threads" -> sendText(exchange, diagnostics.threads());
        case "histogram" -> sendText(exchange, diagnostics.histogram());
        case "gc" -> sendText(exchange, gc(exchange.query()));
        case "native-memory" -> sendText(exchange, diagnostics.nativeMemory());
        case "recording" -> sendRecording(exchange, seconds(exchange.query()));
        default -> send(exchange, 404, "{\"error\":\"not found\"}");
      }
    } catch (IllegalArgumentException e) {
      send(exchange, 400, error(e));
    } catch (IllegalStateException e) {
      send(exchange, 409, error(e));
    } catch (JMException | IOException | RuntimeException e) {
      Log.error("diagnostic " + what + " failed", e);
      send(exchange, 500, error(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, error(e));
    }
  }

  private void pressure(Exchange exchange) throws IOException {
    Map<String, Long> asked;
    try {
      asked = numbers(exchange.query());
    } catch (IllegalArgumentException e) {
      send(exchange, 400, error(e));
      return;
    }
    long within = asked.getOrDefault("within", 0L);
    int floor = (int) Math.min(100, asked.getOrDefault("floor", 0L));
    long until =
        System.nanoTime() + Math.min(MAX_WAIT, asked.getOrDefault("wait", 0L)) * 1_000_000_000L;
    try {
      send(exchange, 200, awaitPressure(within, floor, until).json(readyMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, error(e));
    }
  }

  /** The pressure once it passes the bounds, or at {@code until} (a nano time). */
  private Pressure awaitPressure(long within, int floor, long until) throws InterruptedException {
    while (true) {
      HeapAfterGc readings = heapAfterGc;
      long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
      Pressure now = Pressure.of(readings == null ? List.of() : readings.trend(), max);
      long left = (until - System.nanoTime()) / 1_000_000;
      if (now.within(within, floor) || left <= 0) {
        return now;
      }
      if (readings == null) {
        Thread.sleep(Math.min(left, 200));
      } else {
        readings.awaitNext(left);
      }
    }
  }

  /** A query of {@code name=digits} pairs. */
  static Map<String, Long> numbers(String query) {
    Map<String, Long> numbers = new HashMap<>();
    for (String pair : query == null || query.isEmpty() ? new String[0] : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length != 2 || !kv[1].matches("\\d{1,9}")) {
        throw new IllegalArgumentException("give whole numbers: within=MS&floor=PERCENT&wait=S");
      }
      numbers.put(kv[0], Long.parseLong(kv[1]));
    }
    return numbers;
  }

  private void sendRecording(Exchange exchange, int seconds)
      throws JMException, IOException, InterruptedException {
    Path file = diagnostics.record(seconds);
    try {
      exchange.send(200, "application/octet-stream", file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The GC log's last lines, {@code lines=N} of them, or why there is none. */
  private String gc(String query) throws IOException {
    String value = query == null ? "" : query.replaceFirst("^lines=", "");
    if (!value.isEmpty() && !value.matches("\\d{1,4}")) {
      throw new IllegalArgumentException("give the number of lines as ?lines=N");
    }
    int lines = value.isEmpty() ? GcLog.DEFAULT_LINES : Integer.parseInt(value);
    // Asked here, not at start: the management beans are off the start path.
    Optional<GcLog> gcLog = GcLog.of(ManagementFactory.getRuntimeMXBean().getInputArguments());
    return gcLog.isPresent()
        ? gcLog.get().tail(lines)
        : "No GC log: this JVM was started without one (-Xlog:gc*:file=...); the app's next"
            + " restart gives it one.\n";
  }

  private static int seconds(String query) {
    String value = query == null ? "" : query.replaceFirst("^seconds=", "");
    if (!value.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("give the recording's length as ?seconds=N");
    }
    return Integer.parseInt(value);
  }

  private static String error(Exception e) {
    String message = String.valueOf(e.getMessage()).replaceAll("[\"\\\\\\p{Cntrl}]", " ");
    return "{\"error\":\"" + message + "\"}";
  }

  private static void sendText(Exchange exchange, String text) throws IOException {
    exchange.send(200, "text/plain; charset=utf-8", text);
  }

  private String metrics() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    var heap = memory.getHeapMemoryUsage();
    AppServer.Traffic now = traffic.get();
    return "{\"heapUsed\":%d,\"heapAfterGc\":%d,\"heapCommitted\":%d,\"heapMax\":%d,\"nonHeapUsed\":%d,\"threads\":%d,\"uptimeMillis\":%d,\"requests\":%d,\"open\":%d}"
        .formatted(
            heap.getUsed(),
            heapAfterGc == null ? 0 : heapAfterGc.get(),
            heap.getCommitted(),
            heap.getMax(),
            memory.getNonHeapMemoryUsage().getUsed(),
            ManagementFactory.getThreadMXBean().getThreadCount(),
            ManagementFactory.getRuntimeMXBean().getUptime(),
            now.requests(),
            now.open());
  }

  private static void send(Exchange exchange, int status, String json) throws IOException {
    exchange.send(status, "application/json", json);
  }
}
