package dev.paddock.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries connections accepted on the sandbox's Unix socket to a runnable app's TCP port, since a
 * runnable app only knows how to listen on TCP. Each connection is two platform threads blocked in
 * reads, one a direction: per request that is one wakeup and one read and one write each way, the
 * fewest a copy can do (virtual threads add a poller's wakeup and re-reads to each).
 */
final class UnixSocketBridge {

  /** How long a connection must be quiet after a response before a drain may close it. */
  private static final long IDLE_AFTER_RESPONSE_NANOS = JettyAppServer.QUIET.toNanos();

  /** How long a WebSocket or stream ended at the timeout gets to finish closing. */
  private static final Duration GOING_AWAY = Duration.ofSeconds(1);

  private static final int BUFFER_SIZE = 16 * 1024;
  private static final int BUFFERS_KEPT = 64;
  private static final long STACK_SIZE = 256 * 1024;

  private final Path socket;
  private final InetSocketAddress target;
  private final Set<BridgedConnection> open = ConcurrentHashMap.newKeySet();
  private final Queue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
  private final AtomicLong accepted = new AtomicLong();
  private volatile ServerSocketChannel listener;
  private volatile boolean draining;

  UnixSocketBridge(Path socket, int appPort) {
    this.socket = socket;
    this.target = new InetSocketAddress("127.0.0.1", appPort);
  }

  void start() throws IOException {
    SocketFile.remove(socket);
    listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(UnixDomainSocketAddress.of(socket));
    SocketFile.openToEveryone(socket);
    platformThread("bridge-accept").start(this::acceptLoop);
  }

  long connections() {
    return accepted.get();
  }

  /** Connections bridged now: requests in flight, tunnels, and idle ones the edge keeps. */
  long openConnections() {
    return open.size();
  }

  /**
   * Drains without a race against the web server's connection pool: every connection's next
   * response says {@code Connection: close} and ends it; a connection with no request in flight is
   * closed only once it has been quiet for longer than the edge keeps an idle connection for reuse
   * (httpd's {@code ttl=2}), so the edge never sends a request on one being closed. At {@code
   * timeout} WebSockets get a close frame 1001 (going away) and chunked responses their last chunk
   * ({@link BridgedConnection#goAway}); what is left a second later is cut.
   */
  void drain(Duration timeout) {
    draining = true;
    // No one finds the socket any more (after a route switch its name is already gone); those
    // already queued on the listener are still accepted, and drained like the others.
    SocketFile.forget(socket);
    open.forEach(BridgedConnection::drain);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        long now = System.nanoTime();
        open.stream()
            .filter(c -> c.idleFor(now) > IDLE_AFTER_RESPONSE_NANOS)
            .forEach(BridgedConnection::close);
        Thread.sleep(50);
      }
      // At the timeout WebSockets get their close frame and chunked streams their last chunk,
      // each at the next boundary of what the app sends; what does not end by then is cut.
      open.forEach(BridgedConnection::goAway);
      long cut = System.nanoTime() + GOING_AWAY.toNanos();
      while (!open.isEmpty() && System.nanoTime() < cut) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(listener);
    open.forEach(BridgedConnection::close);
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        SocketChannel client = listener.accept();
        accepted.incrementAndGet();
        platformThread("bridge").start(() -> bridge(client));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        Log.error("accepting on " + socket + " failed", e);
      }
    }
  }

  private void bridge(SocketChannel client) {
    SocketChannel app;
    try {
      app = SocketChannel.open(target);
      // Requests go out in one write each: Nagle would only hold a body back behind its header.
      app.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException e) {
      Log.error("cannot reach the app on " + target + ": " + e.getMessage(), null);
      closeQuietly(client);
      return;
    }
    BridgedConnection connection = new BridgedConnection(client, app);
    open.add(connection);
    if (draining) {
      connection.drain();
    }
    ByteBuffer requests = buffer();
    ByteBuffer responses = buffer();
    try {
      connection.pump(platformThread("bridge-up"), requests, responses);
    } finally {
      open.remove(connection);
      release(requests);
      release(responses);
    }
  }

  private static Thread.Builder platformThread(String name) {
    return Thread.ofPlatform().name(name).daemon().stackSize(STACK_SIZE);
  }

  /** Direct buffers: the kernel copies straight from and into them, with no copy on the heap. */
  private ByteBuffer buffer() {
    ByteBuffer kept = buffers.poll();
    return kept != null ? kept.clear() : ByteBuffer.allocateDirect(BUFFER_SIZE);
  }

  private void release(ByteBuffer buffer) {
    if (buffers.size() < BUFFERS_KEPT) {
      buffers.add(buffer);
    }
  }

  static void closeQuietly(Channel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
