package dev.paddock.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runner's side of a runnable jar, which the JVM itself runs as {@code java -jar} would: waits
 * until the app answers HTTP, and drains it. With a sandbox socket, the app's own server listens on
 * it ({@link Listener}, preloaded), and is probed and drained there; without one (a training run,
 * or a driver that reaches sandboxes over TCP), on its TCP port.
 */
final class RunnableAppServer implements AppServer {

  private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

  /** How long a WebSocket or stream ended at the drain's timeout gets to finish closing. */
  private static final Duration GOING_AWAY = Duration.ofSeconds(1);

  /** How long the app may take to answer one probe: a cold JVM's first request takes a while. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

  private final RunnerConfig config;
  private final CompletableFuture<Throwable> failure;
  private final Optional<Listener> listener;
  private final AtomicLong probes = new AtomicLong();
  private volatile boolean ready;
  private volatile boolean draining;
  private volatile String waiting = "the app's main method is starting";

  RunnableAppServer(
      RunnerConfig config, Optional<Listener> listener, CompletableFuture<Throwable> failure) {
    if (config.socket().isPresent() && listener.isEmpty()) {
      throw new IllegalArgumentException(
          "PADDOCK_SOCKET is set but LD_PRELOAD does not load "
              + Listener.FILE_NAME
              + ": a runnable jar serves on the sandbox's socket only through it");
    }
    this.config = config;
    this.failure = failure;
    this.listener = listener;
  }

  /** Called before the app's {@code main}: a socket left at the path would keep it on TCP. */
  @Override
  public void start() throws IOException {
    if (config.socket().isPresent()) {
      SocketFile.remove(config.socket().get());
    }
    // Virtual, so a daemon: the app's own threads decide how long the JVM lives, as with java -jar.
    Thread.ofVirtual().name("app-probe").start(this::awaitAnswer);
  }

  /**
   * Main returning says nothing (servers keep their own threads), and neither does an open port (a
   * server may accept connections long before it answers them, or never): only an HTTP answer does.
   * Without a health path, any status below 500 to {@code GET /}; with one, a 2xx or 3xx on it.
   */
  private void awaitAnswer() {
    while (!draining && !failure.isDone() && !serving()) {
      pause();
    }
    ready = !draining && !failure.isDone();
  }

  private boolean serving() {
    Optional<String> healthPath = config.healthPath();
    String path = healthPath.orElse("/");
    Duration connect = PROBE_INTERVAL.multipliedBy(10);
    Optional<Path> socket = config.socket();
    HttpProbe.Answer answer =
        socket.isPresent()
            ? HttpProbe.get(socket.get(), config.port(), path, connect, ANSWER_TIMEOUT)
            : HttpProbe.get(config.port(), path, connect, ANSWER_TIMEOUT);
    if (answer.asked()) {
      probes.incrementAndGet();
    }
    if (answer.serves(healthPath.isPresent())) {
      return true;
    }
    waiting =
        answer.status() < 0
            ? answer.problem() + ": " + advice()
            : "GET %s answered %d; %s".formatted(path, answer.status(), advice());
    return false;
  }

  private String advice() {
    return config.healthPath().isPresent()
        ? "the app counts as serving once its health path %s answers 2xx or 3xx"
            .formatted(config.healthPath().get())
        : "the app counts as serving once it answers HTTP on the port in $PORT (%d), any status below 500"
            .formatted(config.port());
  }

  private static void pause() {
    sleep(PROBE_INTERVAL);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public String waiting() {
    return ready ? "" : waiting;
  }

  /** The requests the app read, but for the runner's own probes; its connections open. */
  @Override
  public Traffic traffic() {
    return listener
        .map(Listener::traffic)
        .map(read -> new Traffic(Math.max(0, read.requests() - probes.get()), read.open()))
        .orElse(new Traffic(-1, 0));
  }

  /**
   * Drains without a race against the web server's connection pool: every connection's next request
   * and its answer say {@code Connection: close}; a connection with no answer in flight is shut
   * down only once it has been quiet for longer than the edge keeps an idle connection for reuse
   * (httpd's {@code ttl=2}), so the edge never sends a request on one being closed. At {@code
   * timeout} WebSockets get a close frame 1001 (going away) and chunked answers their last chunk;
   * what is left a second later is cut when the JVM exits.
   */
  @Override
  public void drain(Duration timeout) {
    draining = true;
    if (listener.isEmpty()) {
      return;
    }
    Listener app = listener.get();
    app.drain();
    // No one finds the socket any more (after a route switch its name is already gone).
    SocketFile.forget(config.socket().get());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (app.traffic().open() > 0 && System.nanoTime() < deadline) {
      app.closeIdle(JettyAppServer.QUIET.toMillis());
      sleep(Duration.ofMillis(50));
    }
    long cut = System.nanoTime() + GOING_AWAY.toNanos();
    while (app.traffic().open() > 0 && System.nanoTime() < cut) {
      app.goAway();
      sleep(Duration.ofMillis(50));
    }
  }
}
