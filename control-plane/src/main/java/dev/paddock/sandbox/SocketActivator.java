package dev.paddock.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The activator of engines on Unix sockets ({@link SocketUpstreams}): while an app sleeps, the
 * control plane listens on its stable sockets itself, holds what arrives, and hands it on to the
 * sandbox a wake promotes over them. A control plane that restarts takes the sockets back on its
 * first pass over the app: the paths are stable. Thread-safe.
 */
public class SocketActivator implements Activator {

  private final AppSockets sockets;
  private final Duration patience;
  private final Map<Long, HeldApp> apps = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());

  /** An activator that holds each request at most {@code patience}, the head's read included. */
  public SocketActivator(AppSockets sockets, Duration patience) {
    this.sockets = sockets;
    this.patience = patience;
  }

  @Override
  public void hold(long appId, String tenant, String app, int instances, int uid, Runnable wake) {
    apps.computeIfAbsent(
            appId,
            id -> new HeldApp(id, sockets.stable(tenant, app, 0), uid, wake, patience, timer))
        .listen(sockets.slots(tenant, app, instances));
  }

  @Override
  public boolean holding(long appId) {
    return apps.containsKey(appId);
  }

  @Override
  public void release(long appId) {
    HeldApp held = apps.get(appId);
    if (held != null) {
      held.release();
    }
  }

  @Override
  public void refuse(long appId, String reason) {
    HeldApp held = apps.get(appId);
    if (held != null) {
      held.refuse(reason);
    }
  }

  @Override
  public void close(long appId) {
    HeldApp held = apps.remove(appId);
    if (held != null) {
      held.close("the app woke or is gone");
    }
  }
}
