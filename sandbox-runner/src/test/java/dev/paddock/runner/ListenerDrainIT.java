package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.paddock.fixture.EchoApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Deploys the way the control plane does, with app JVMs that listen through the preloaded library
 * ({@link EchoApp}, the JDK's HTTP server): a new app's socket is renamed onto the slot's path,
 * then the runner's drain ({@link RunnableAppServer} asking the old app's library) ends the old
 * app's connections, while clients keep theirs alive the way httpd's proxy does ({@code ttl=2}).
 * Not one request fails, and every drain ends with no connection left, well before its timeout.
 */
class ListenerDrainIT {

  private static final Duration TTL = Duration.ofSeconds(2);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private PreloadedApps apps;
  private int port;

  @BeforeEach
  void prepare() throws IOException {
    apps = new PreloadedApps(dir);
    port = RawHttp.freePort();
  }

  @AfterEach
  void stopTheApps() throws InterruptedException, IOException {
    threads.shutdownNow();
    apps.close();
  }

  @Test
  void keepAliveClientsLoseNoRequestThroughTwoSwitchesAndDrains() throws Exception {
    Path slot = dir.resolve("slot.sock");
    Deployed live = switchTo(slot, 0);
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
      for (int deploy = 1; deploy <= 2; deploy++) {
        long before = answered.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + 200);
        Deployed old = live;
        live = switchTo(slot, deploy);
        long started = System.nanoTime();
        old.runner().drain(DRAIN_TIMEOUT);

        assertTrue(System.nanoTime() - started < DRAIN_TIMEOUT.toNanos() / 2);
        assertEquals(0, old.listener().traffic().open(), "connections left in app " + (deploy - 1));
      }
      long before = answered.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + 200);
    } finally {
      stop.set(true);
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
    }

    assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " failed");
    assertTrue(answered.get() > 600);
  }

  /** An app started on a socket of its own, renamed onto the slot's path, and its runner's side. */
  private record Deployed(RunnableAppServer runner, Listener listener) {}

  private Deployed switchTo(Path slot, int deploy) throws Exception {
    Path own = dir.resolve("sandbox-" + deploy + ".sock");
    Process app = apps.start(EchoApp.class, port, own, "listening");
    Listener listener = new Listener(PreloadedApps.control(app));
    RunnerConfig config =
        new RunnerConfig(
            dir.resolve("app.jar"),
            List.of(),
            port,
            Optional.of(own),
            RawHttp.freePort(),
            DRAIN_TIMEOUT,
            Optional.empty(),
            Duration.ofSeconds(10),
            Map.of());
    RunnableAppServer runner =
        new RunnableAppServer(config, Optional.of(listener), new CompletableFuture<>());
    Files.move(own, slot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new Deployed(runner, listener);
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

  /** The clients' own think time, not a wait for something to happen. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
