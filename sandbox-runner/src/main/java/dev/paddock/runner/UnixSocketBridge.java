package dev.paddock.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries connections accepted on the sandbox's Unix socket to a runnable app's TCP port, since a
 * runnable app only knows how to listen on TCP.
 */
final class UnixSocketBridge {

  /** How long a connection must be quiet after a response before a drain may close it. */
  private static final long IDLE_AFTER_RESPONSE_NANOS = JettyAppServer.QUIET.toNanos();

  private final Path socket;
  private final InetSocketAddress target;
  private final Set<BridgedConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile ServerSocketChannel listener;

  UnixSocketBridge(Path socket, int appPort) {
    this.socket = socket;
    this.target = new InetSocketAddress("127.0.0.1", appPort);
  }

  void start() throws IOException {
    SocketFile.remove(socket);
    listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(UnixDomainSocketAddress.of(socket));
    SocketFile.openToEveryone(socket);
    Thread.ofVirtual().name("bridge-accept").start(this::acceptLoop);
  }

  long connections() {
    return accepted.get();
  }

  /**
   * Stops accepting, closes connections that sit idle after a response (the web server keeps them
   * for reuse and would hold the drain for nothing), and waits up to {@code timeout} for the rest.
   */
  void drain(Duration timeout) {
    closeQuietly(listener);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        long now = System.nanoTime();
        open.stream()
            .filter(c -> c.idleSince(now) > IDLE_AFTER_RESPONSE_NANOS)
            .forEach(BridgedConnection::abort);
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    open.forEach(BridgedConnection::abort);
    try {
      SocketFile.remove(socket);
    } catch (IOException e) {
      Log.error("cannot remove the socket file " + socket, e);
    }
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        SocketChannel client = listener.accept();
        accepted.incrementAndGet();
        Thread.ofVirtual().name("bridge").start(() -> bridge(client));
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
    } catch (IOException e) {
      Log.error("cannot reach the app on " + target + ": " + e.getMessage(), null);
      closeQuietly(client);
      return;
    }
    BridgedConnection connection = new BridgedConnection(client, app);
    open.add(connection);
    try {
      connection.pump();
    } finally {
      open.remove(connection);
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
