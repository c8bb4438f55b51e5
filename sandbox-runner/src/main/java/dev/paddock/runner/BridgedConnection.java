package dev.paddock.runner;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** One client connection carried to the app, byte for byte, with half-closes passed on. */
final class BridgedConnection {

  private final SocketChannel client;
  private final SocketChannel app;
  private volatile long lastRequestBytes = System.nanoTime();
  private volatile long lastResponseBytes = lastRequestBytes;

  BridgedConnection(SocketChannel client, SocketChannel app) {
    this.client = client;
    this.app = app;
  }

  /** Copies both directions until both have ended, then closes both sides. */
  void pump() {
    Thread upstream = Thread.ofVirtual().name("bridge-up").start(() -> copy(client, app, true));
    copy(app, client, false);
    try {
      upstream.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    abort();
  }

  /**
   * Nanoseconds this connection has been quiet after the app's last bytes, or 0 when the client
   * spoke last: then a request is (or may be) in flight.
   */
  long idleSince(long now) {
    long response = lastResponseBytes;
    return response > lastRequestBytes ? now - response : 0;
  }

  void abort() {
    UnixSocketBridge.closeQuietly(client);
    UnixSocketBridge.closeQuietly(app);
  }

  private void copy(SocketChannel from, SocketChannel to, boolean request) {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    try {
      while (from.read(buffer) >= 0) {
        if (request) {
          lastRequestBytes = System.nanoTime();
        } else {
          lastResponseBytes = System.nanoTime();
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
      // The peer finished sending, but may still read: pass the half-close on, keep reading.
      to.shutdownOutput();
    } catch (IOException e) {
      // A reset or a close on either side ends the whole connection.
      abort();
    }
  }
}
