package dev.paddock.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The runner's side of a runnable jar, which the JVM itself runs as {@code java -jar} would: waits
 * until the app serves on its TCP port, then bridges the Unix socket to it.
 */
final class RunnableAppServer implements AppServer {

  private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

  private final RunnerConfig config;
  private final CompletableFuture<Throwable> failure;
  private final Optional<UnixSocketBridge> bridge;
  private volatile boolean ready;
  private volatile boolean draining;

  RunnableAppServer(RunnerConfig config, CompletableFuture<Throwable> failure) {
    this.config = config;
    this.failure = failure;
    this.bridge = config.socket().map(socket -> new UnixSocketBridge(socket, config.port()));
  }

  @Override
  public void start() {
    // Virtual, so a daemon: the app's own threads decide how long the JVM lives, as with java -jar.
    Thread.ofVirtual().name("app-probe").start(this::awaitPort);
  }

  /**
   * Main returning says nothing (servers keep their own threads): only a connect does, or, with a
   * health path, a 2xx or 3xx answer on it.
   */
  private void awaitPort() {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", config.port());
    while (!draining && !failure.isDone() && !serving(address)) {
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

  private boolean serving(InetSocketAddress address) {
    if (config.healthPath().isPresent()) {
      return HttpProbe.answers(address, config.healthPath().get(), PROBE_INTERVAL);
    }
    try (Socket probe = new Socket()) {
      probe.connect(address, (int) PROBE_INTERVAL.toMillis());
      return true;
    } catch (IOException notYet) {
      return false;
    }
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
  public long requests() {
    return bridge.map(UnixSocketBridge::connections).orElse(-1L);
  }

  @Override
  public void drain(Duration timeout) {
    draining = true;
    bridge.ifPresent(b -> b.drain(timeout));
  }
}
