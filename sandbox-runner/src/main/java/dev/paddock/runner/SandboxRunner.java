package dev.paddock.runner;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * The program every sandbox container starts: {@code java -jar runner.jar [/app/app.jar [args]]}.
 *
 * <p>Exit status: 0 after a drain on SIGTERM or SIGINT, 1 when the app fails (its handler cannot be
 * constructed, its {@code main} throws, a port cannot be bound), 2 when the configuration or the
 * jar cannot work at all.
 */
public final class SandboxRunner {

  private SandboxRunner() {}

  /** Starts the sandbox described by the environment and serves until it is stopped. */
  public static void main(String[] args) {
    Sandbox sandbox;
    try {
      sandbox = start(RunnerConfig.from(System.getenv(), List.of(args)));
    } catch (IllegalArgumentException | AppJar.NotLaunchableException e) {
      Log.error(e.getMessage(), null);
      System.exit(2);
      return;
    } catch (Exception e) {
      Log.error("the app failed to start", e);
      System.exit(1);
      return;
    }
    stopOnSignals(sandbox);
    Throwable failure = sandbox.failure().join();
    Log.error("the app's main method failed", failure);
    System.exit(1);
  }

  /** Starts a sandbox in this JVM; the caller drains and closes it. */
  static Sandbox start(RunnerConfig config) throws Exception {
    AppJar jar = AppJar.inspect(config.jar());
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    AppServer app =
        switch (jar) {
          case AppJar.HandlerJar handler ->
              new JettyAppServer(
                  config, () -> TenantHandler.load(handler, new Watchdog(config.requestTimeout())));
          case AppJar.RunnableJar runnable -> new RunnableAppServer(config, runnable, failure);
        };
    Log.info(
        "starting %s mode: tenant=%s app=%s release=%s jar=%s port=%d socket=%s admin=%d"
            .formatted(
                jar instanceof AppJar.HandlerJar ? "handler" : "runnable",
                config.labels().getOrDefault("tenant", "-"),
                config.labels().getOrDefault("app", "-"),
                config.labels().getOrDefault("release", "-"),
                config.jar(),
                config.port(),
                config.socket().map(Object::toString).orElse("-"),
                config.adminPort()));
    Sandbox sandbox = new Sandbox(config, app, failure);
    try {
      sandbox.start();
    } catch (Exception e) {
      sandbox.close();
      throw e;
    }
    return sandbox;
  }

  /**
   * Handles SIGTERM itself so a clean drain exits 0 (the JVM's own handler would exit 143), and
   * keeps a shutdown hook for every other way out, such as the app calling System.exit.
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
