package dev.paddock.runner;

import java.util.concurrent.CompletableFuture;

/** A started sandbox: the tenant's app plus the admin endpoint, until it is drained and closed. */
final class Sandbox implements AutoCloseable {

  private final RunnerConfig config;
  private final AppServer app;
  private final AdminServer admin;
  private final CompletableFuture<Throwable> failure;
  private volatile boolean draining;
  private boolean drained;
  private boolean closed;

  Sandbox(RunnerConfig config, AppServer app, CompletableFuture<Throwable> failure) {
    this.config = config;
    this.app = app;
    this.failure = failure;
    this.admin = new AdminServer(config.adminPort(), this::health, app::waiting, app::traffic);
  }

  /** Starts the admin endpoint first, so the control plane sees STARTING while the app starts. */
  void start() throws Exception {
    admin.start();
    app.start();
  }

  Health health() {
    if (draining) {
      return Health.DRAINING;
    }
    return app.ready() ? Health.UP : Health.STARTING;
  }

  int adminPort() {
    return admin.port();
  }

  /** Completes with the cause when a runnable app's {@code main} throws. */
  CompletableFuture<Throwable> failure() {
    return failure;
  }

  /**
   * Reports DRAINING, stops taking connections and waits for those in flight; the admin endpoint
   * stays up. Idempotent; a second caller waits for the first drain to end.
   */
  synchronized void drain() {
    if (drained) {
      return;
    }
    draining = true;
    Log.info("draining (timeout " + config.drainTimeout() + ")");
    app.drain(config.drainTimeout());
    drained = true;
    Log.info("drained");
  }

  /** Drains, then stops the admin endpoint. Idempotent. */
  @Override
  public synchronized void close() {
    drain();
    if (!closed) {
      admin.stop();
      closed = true;
      Log.info("stopped");
    }
  }
}
