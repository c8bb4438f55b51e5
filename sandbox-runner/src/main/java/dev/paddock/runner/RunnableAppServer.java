package dev.paddock.runner;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The runner's side of a runnable jar, which the JVM itself runs as {@code java -jar} would: waits
 * until the app answers HTTP on its TCP port, then bridges the Unix socket to it.
 */
final class RunnableAppServer implements AppServer {

  private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

  /** How long the app may take to answer one probe: a cold JVM's first request takes a while. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

  private final RunnerConfig config;
  private final CompletableFuture<Throwable> failure;
  private final Optional<UnixSocketBridge> bridge;
  private volatile boolean ready;
  private volatile boolean draining;
  private volatile String waiting = "the app's main method is starting";

  RunnableAppServer(RunnerConfig config, CompletableFuture<Throwable> failure) {
    this.config = config;
    this.failure = failure;
    this.bridge = config.socket().map(socket -> new UnixSocketBridge(socket, config.port()));
  }

  @Override
  public void start() {
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
    try {
      if (bridge.isPresent() && !draining) {
        bridge.get().start();
      }
      ready = !draining && !failure.isDone();
    } catch (IOException e) {
      failure.complete(e);
    }
  }

  private boolean serving() {
    Optional<String> healthPath = config.healthPath();
    String path = healthPath.orElse("/");
    HttpProbe.Answer answer =
        HttpProbe.get(config.port(), path, PROBE_INTERVAL.multipliedBy(10), ANSWER_TIMEOUT);
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
    try {
      Thread.sleep(PROBE_INTERVAL);
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

  @Override
  public long requests() {
    return bridge.map(UnixSocketBridge::connections).orElse(-1L);
  }

  @Override
  public long open() {
    return bridge.map(UnixSocketBridge::openConnections).orElse(0L);
  }

  @Override
  public void drain(Duration timeout) {
    draining = true;
    bridge.ifPresent(b -> b.drain(timeout));
  }
}
