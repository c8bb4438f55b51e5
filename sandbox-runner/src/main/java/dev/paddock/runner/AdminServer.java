package dev.paddock.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The sandbox's internal endpoint for the control plane: {@code GET /health} and {@code GET
 * /metrics}. The web server never routes to it, so tenants' visitors cannot reach it.
 */
final class AdminServer {

  private final int port;
  private final Supplier<Health> health;
  private final LongSupplier requests;
  private HttpServer server;
  private volatile HeapAfterGc heapAfterGc;

  AdminServer(int port, Supplier<Health> health, LongSupplier requests) {
    this.port = port;
    this.health = health;
    this.requests = requests;
  }

  void start() throws IOException {
    // Without it the JDK server waits on Nagle and delayed ACKs: ~40 ms per keep-alive request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
    // Off the start path: the management beans take a moment to come up.
    Thread.ofVirtual().start(() -> heapAfterGc = new HeapAfterGc());
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "{\"error\":\"method not allowed\"}");
      } else if ("/health".equals(path)) {
        Health now = health.get();
        send(exchange, now == Health.UP ? 200 : 503, "{\"status\":\"" + now + "\"}");
      } else if ("/metrics".equals(path)) {
        send(exchange, 200, metrics());
      } else {
        send(exchange, 404, "{\"error\":\"not found\"}");
      }
    }
  }

  private String metrics() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    var heap = memory.getHeapMemoryUsage();
    return "{\"heapUsed\":%d,\"heapAfterGc\":%d,\"heapCommitted\":%d,\"heapMax\":%d,\"nonHeapUsed\":%d,\"threads\":%d,\"uptimeMillis\":%d,\"requests\":%d}"
        .formatted(
            heap.getUsed(),
            heapAfterGc == null ? 0 : heapAfterGc.get(),
            heap.getCommitted(),
            heap.getMax(),
            memory.getNonHeapMemoryUsage().getUsed(),
            ManagementFactory.getThreadMXBean().getThreadCount(),
            ManagementFactory.getRuntimeMXBean().getUptime(),
            requests.getAsLong());
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
