package dev.paddock.sandbox;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sleeping app's side of the {@link SocketActivator}: a listener per slot, and the connections
 * held until the wake ends. At most {@value #MAX_HELD} are held at once; beyond that, and past the
 * patience, a connection gets the 503 page. Thread-safe.
 */
final class HeldApp {

  static final int MAX_HELD = 256;

  private static final Logger log = LoggerFactory.getLogger(HeldApp.class);

  /**
   * What a held connection is told once the wake ends: pipe on (when slot 0 is no longer the
   * activator's own socket), or answer 503.
   */
  private record Verdict(boolean release, String reason) {}

  private final long appId;
  private final Path upstream;
  private final int uid;
  private final Runnable wake;
  private final Duration patience;
  private final ScheduledExecutorService timer;
  private final Map<Integer, SlotListener> listeners = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Verdict>> waiting = new ArrayList<>();
  private boolean released;
  private boolean waking;
  private int connections;

  HeldApp(
      long appId,
      Path upstream,
      int uid,
      Runnable wake,
      Duration patience,
      ScheduledExecutorService timer) {
    this.appId = appId;
    this.upstream = upstream;
    this.uid = uid;
    this.wake = wake;
    this.patience = patience;
    this.timer = timer;
  }

  /** Binds a listener over each slot not held; closes those of slots beyond {@code slots}. */
  synchronized void listen(List<Path> slots) {
    for (int slot = 0; slot < slots.size(); slot++) {
      SlotListener listener = listeners.get(slot);
      if (released || listener == null || !listener.owns()) {
        if (listener != null) {
          listener.close();
        }
        listeners.put(slot, SlotListener.over(slots.get(slot), this::serve));
      }
    }
    listeners.keySet().stream()
        .filter(slot -> slot >= slots.size())
        .toList()
        .forEach(slot -> listeners.remove(slot).close());
    released = false;
  }

  synchronized void release() {
    released = true;
    waking = false;
    waiting.forEach(w -> w.complete(new Verdict(true, null)));
    waiting.clear();
  }

  synchronized void refuse(String reason) {
    waking = false;
    waiting.forEach(w -> w.complete(new Verdict(false, reason)));
    waiting.clear();
  }

  void close(String reason) {
    refuse(reason);
    listeners.values().forEach(SlotListener::close);
    listeners.clear();
  }

  private void serve(SocketChannel client) {
    if (!admit()) {
      HeldConnection.unavailable(client);
      return;
    }
    try {
      Optional<byte[]> head = HeldConnection.head(client, patience, timer);
      if (head.isEmpty()) {
        return;
      }
      Verdict verdict = await();
      SlotListener first = listeners.get(0);
      if (verdict.release() && (first == null || !first.owns())) {
        HeldConnection.pipe(client, head.get(), upstream, uid);
      } else {
        HeldConnection.unavailable(client);
      }
    } catch (IOException | RuntimeException e) {
      log.info("App {}: a held request could not be handed on: {}", appId, e.getMessage());
      HeldConnection.unavailable(client);
    } finally {
      leave();
    }
  }

  private synchronized boolean admit() {
    if (connections >= MAX_HELD && !released) {
      return false;
    }
    connections++;
    return true;
  }

  private synchronized void leave() {
    connections--;
  }

  private void askForWake() {
    try {
      wake.run();
    } catch (RuntimeException e) {
      refuse("the wake could not be asked for: " + e.getMessage());
      throw e;
    }
  }

  /** Waits for the wake's end, asking for the wake if this is the first request held. */
  private Verdict await() {
    CompletableFuture<Verdict> verdict = new CompletableFuture<>();
    boolean first;
    synchronized (this) {
      if (released) {
        return new Verdict(true, null);
      }
      waiting.add(verdict);
      first = !waking;
      waking = true;
    }
    if (first) {
      askForWake();
    }
    try {
      return verdict.get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Verdict(false, "not woken within " + patience);
    } catch (ExecutionException e) {
      return new Verdict(false, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict(false, "interrupted");
    }
  }
}
