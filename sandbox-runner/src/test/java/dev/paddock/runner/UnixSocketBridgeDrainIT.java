package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the way the control plane does, in front of a JDK HTTP server: a new bridge's socket is
 * renamed onto the slot's path, then the old bridge drains, while clients keep their connections
 * alive the way httpd's proxy does ({@code ttl=2}).
 */
class UnixSocketBridgeDrainIT {

  private static final Duration TTL = Duration.ofSeconds(2);

  @TempDir Path dir;

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private HttpServer app;

  @BeforeEach
  void startApp() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.setExecutor(threads);
    app.createContext("/", UnixSocketBridgeDrainIT::answer);
    app.start();
  }

  @AfterEach
  void stopApp() {
    app.stop(0);
    threads.shutdownNow();
  }

  @Test
  void keepAliveClientsLoseNoRequestThroughThreeSwitchesAndDrains() throws Exception {
    Path slot = dir.resolve("slot.sock");
    UnixSocketBridge live = switchTo(slot, 0);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong answered = new AtomicLong();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Void>> clients =
        IntStream.range(0, 8)
            .mapToObj(
                n ->
                    CompletableFuture.runAsync(
                        () -> client(slot, stop, answered, failures), threads))
            .toList();
    try {
      for (int deploy = 1; deploy <= 3; deploy++) {
        long before = answered.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() > before + 200);
        UnixSocketBridge old = live;
        live = switchTo(slot, deploy);
        old.drain(Duration.ofSeconds(30));
      }
      long before = answered.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() > before + 200);
    } finally {
      stop.set(true);
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
      live.drain(Duration.ofSeconds(1));
    }

    assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " failed");
    assertTrue(answered.get() > 800);
  }

  /** Starts a bridge on a socket of its own, then renames that onto the slot's path. */
  private UnixSocketBridge switchTo(Path slot, int deploy) throws IOException {
    Path own = dir.resolve("sandbox-" + deploy + ".sock");
    UnixSocketBridge bridge = new UnixSocketBridge(own, app.getAddress().getPort());
    bridge.start();
    Files.move(own, slot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return bridge;
  }

  /**
   * Sends GETs, HEADs, POSTs and slow requests, now and then after a pause of up to just under the
   * ttl, so pooled connections sit idle while a drain runs, and checks every answer.
   */
  private static void client(
      Path slot, AtomicBoolean stop, AtomicLong answered, Queue<String> failures) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    try (PooledClient client = new PooledClient(slot, TTL)) {
      for (int n = 0; !stop.get(); n++) {
        int kind = random.nextInt(10);
        String method = kind < 6 ? "GET" : kind < 8 ? "POST" : kind < 9 ? "HEAD" : "GET";
        String path = kind == 9 ? "/slow" : "/" + n;
        String body = method.equals("POST") ? "body " + n : null;
        String expected = method.equals("HEAD") ? "" : method + " " + path + " " + body;
        try {
          PooledClient.Answer answer = client.send(method, path, body);
          if (answer.status() != 200 || !answer.body().equals(expected)) {
            failures.add(method + " " + path + ": " + answer);
          }
          answered.incrementAndGet();
        } catch (IOException e) {
          failures.add(method + " " + path + ": " + e);
        }
        pause(random.nextInt(20) == 0 ? random.nextLong(500, 1900) : random.nextLong(5));
      }
    }
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange;
        OutputStream out = exchange.getResponseBody()) {
      String path = exchange.getRequestURI().getPath();
      byte[] received = exchange.getRequestBody().readAllBytes();
      String body = received.length == 0 ? null : new String(received, StandardCharsets.UTF_8);
      if (path.equals("/slow")) {
        pause(300);
      }
      byte[] text =
          (exchange.getRequestMethod() + " " + path + " " + body).getBytes(StandardCharsets.UTF_8);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, head ? -1 : text.length);
      if (!head) {
        out.write(text);
      }
    }
  }

  /** The app's and the clients' own think time, not a wait for something to happen. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
