package dev.paddock.runner;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a runnable jar's {@code main} in this JVM, fully isolated from the runner's classes, and
 * bridges the Unix socket to the TCP port it serves on.
 */
final class RunnableAppServer implements AppServer {

  private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

  private final RunnerConfig config;
  private final AppJar.RunnableJar jar;
  private final CompletableFuture<Throwable> failure;
  private final Optional<UnixSocketBridge> bridge;
  private volatile boolean ready;
  private volatile boolean draining;

  RunnableAppServer(
      RunnerConfig config, AppJar.RunnableJar jar, CompletableFuture<Throwable> failure) {
    this.config = config;
    this.jar = jar;
    this.failure = failure;
    this.bridge = config.socket().map(socket -> new UnixSocketBridge(socket, config.port()));
  }

  @Override
  public void start() throws Exception {
    URL[] classpath = {jar.path().toUri().toURL()};
    ClassLoader loader = new URLClassLoader("app", classpath, ClassLoader.getPlatformClassLoader());
    Method main = mainMethod(Class.forName(jar.mainClass(), false, loader));
    String[] args = config.appArgs().toArray(String[]::new);
    Thread app = Thread.ofPlatform().name("app-main").unstarted(() -> run(main, args));
    app.setContextClassLoader(loader);
    app.start();
    Thread.ofVirtual().name("app-probe").start(this::awaitPort);
  }

  private Method mainMethod(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      if (Modifier.isStatic(main.getModifiers())) {
        // The java launcher runs main in a non-public class too; so do we.
        main.setAccessible(true);
        return main;
      }
    } catch (NoSuchMethodException e) {
      // reported below, in the tenant's terms
    }
    throw new AppJar.NotLaunchableException(
        "Main-Class " + type.getName() + " has no public static void main(String[])");
  }

  private void run(Method main, String[] args) {
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      failure.complete(e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | Error e) {
      failure.complete(e);
    }
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
