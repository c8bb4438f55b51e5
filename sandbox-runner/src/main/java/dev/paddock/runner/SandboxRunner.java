package dev.paddock.runner;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * The runner every sandbox starts. A handler jar: {@code java -jar runner.jar [/app/app.jar]}, the
 * runner serving it with Jetty. A runnable jar: {@code java -javaagent:agent.jar -jar
 * /app/app.jar}, the JVM running the app's {@code main} and the agent starting the runner beside it
 * ({@link #besideApp}).
 *
 * <p>Exit status: 0 after a drain on SIGTERM or SIGINT, 1 when the app fails (its handler cannot be
 * constructed, its {@code main} throws, a port cannot be bound), 2 when the configuration or the
 * jar cannot work at all.
 */
public final class SandboxRunner {

  private SandboxRunner() {}

  /** Serves the handler jar described by the environment until the sandbox is stopped. */
  public static void main(String[] args) {
    Sandbox sandbox = startOrExit(() -> start(RunnerConfig.from(System.getenv(), List.of(args))));
    stopOnSignals(sandbox);
    Throwable failure = sandbox.failure().join();
    Log.error("the app failed", failure);
    System.exit(1);
  }

  /**
   * Called by the agent on the JVM's main thread before the app's {@code main}: starts the admin
   * endpoint and the wait for the app's answer, and returns at once. When {@code main} throws, the
   * JVM exits with status 1.
   */
  public static void besideApp(Thread main) {
    // With java -jar the class path starts with the app's jar; the agent's comes after it.
    String jar = System.getProperty("java.class.path", "").split(File.pathSeparator)[0];
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    main.setUncaughtExceptionHandler(
        (thread, e) -> {
          failure.complete(e);
          thread.getThreadGroup().uncaughtException(thread, e);
        });
    Sandbox sandbox =
        startOrExit(() -> startBeside(RunnerConfig.from(System.getenv(), List.of(jar)), failure));
    stopOnSignals(sandbox);
    Thread.ofPlatform()
        .daemon()
        .name("paddock-app-main")
        .start(
            () -> {
              Log.error("the app's main method failed: " + failure.join(), null);
              System.exit(1);
            });
  }

  /** Starts a sandbox for a handler jar in this JVM; the caller drains and closes it. */
  static Sandbox start(RunnerConfig config) throws Exception {
    return switch (AppJar.inspect(config.jar())) {
      case AppJar.HandlerJar handler ->
          start(
              config,
              "handler",
              new JettyAppServer(
                  config, () -> TenantHandler.load(handler, new Watchdog(config.requestTimeout()))),
              new CompletableFuture<>());
      case AppJar.RunnableJar runnable ->
          throw new AppJar.NotLaunchableException(
              "the app jar "
                  + runnable.path()
                  + " is a runnable jar: it starts as java -javaagent:/opt/paddock/agent.jar -jar "
                  + runnable.path()
                  + ", not through the runner");
    };
  }

  /**
   * Starts the runner's side of a runnable app whose {@code main} this JVM runs; {@code failure}
   * completes when that {@code main} throws. The caller drains and closes the sandbox.
   */
  static Sandbox startBeside(RunnerConfig config, CompletableFuture<Throwable> failure)
      throws Exception {
    Optional<Listener> listener =
        config.socket().isPresent() ? Listener.preloaded(System.getenv()) : Optional.empty();
    return start(config, "runnable", new RunnableAppServer(config, listener, failure), failure);
  }

  private static Sandbox start(
      RunnerConfig config, String mode, AppServer app, CompletableFuture<Throwable> failure)
      throws Exception {
    Log.info(
        "starting %s mode: tenant=%s app=%s release=%s jar=%s port=%d socket=%s admin=%d"
            .formatted(
                mode,
                config.labels().getOrDefault("tenant", "-"),
                config.labels().getOrDefault("app", "-"),
                config.labels().getOrDefault("release", "-"),
                config.jar(),
                config.port(),
                config.socket().map(Object::toString).orElse("-"),
                config.adminPort()));
    AotReport.of(System.getenv(), System.getProperty("java.vm.info")).ifPresent(Log::info);
    Sandbox sandbox = new Sandbox(config, app, failure);
    try {
      sandbox.start();
    } catch (Exception e) {
      sandbox.close();
      throw e;
    }
    TrainingRun.from(System.getenv()).ifPresent(run -> run.start(config, sandbox));
    return sandbox;
  }

  private static Sandbox startOrExit(Callable<Sandbox> start) {
    try {
      return start.call();
    } catch (IllegalArgumentException | AppJar.NotLaunchableException e) {
      Log.error(e.getMessage(), null);
      System.exit(2);
    } catch (Exception e) {
      Log.error("the app failed to start", e);
      System.exit(1);
    }
    throw new IllegalStateException("unreachable: the JVM is exiting");
  }

  /**
   * Handles SIGTERM itself so a clean drain exits 0 (the JVM's own handler would exit 143) and the
   * app's shutdown hooks run after it, and keeps a shutdown hook for every other way out, such as
   * the app calling System.exit.
   */
  private static void stopOnSignals(Sandbox sandbox) {
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(
          new Signal(name),
          signal -> {
            sandbox.close();
            System.exit(0);
          });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "paddock-drain"));
  }
}
