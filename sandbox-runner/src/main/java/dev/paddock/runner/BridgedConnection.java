package dev.paddock.runner;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection carried to the app byte for byte, with half-closes passed on, following its
 * HTTP/1.1 messages so that a drain can end it between two of them: a drained connection's next
 * response says {@code Connection: close}, and the connection closes once it is sent. The field
 * goes first, right after the status line: httpd's proxy reads only the first Connection field of a
 * response, so an app's own {@code keep-alive} cannot hide it.
 */
final class BridgedConnection {

  private static final ByteBuffer CLOSE =
      ByteBuffer.allocateDirect(19)
          .put("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII))
          .flip()
          .asReadOnlyBuffer();

  private final SocketChannel client;
  private final SocketChannel app;
  private final RequestFraming requests = new RequestFraming();
  private final ResponseFraming responses = new ResponseFraming(requests);
  private final ReentrantLock sending = new ReentrantLock();
  private volatile boolean draining;
  private volatile boolean goingAway;
  // Guarded by sending: the WebSocket's frames from the app once upgraded, and whether this
  // connection's end was sent to the client.
  private WebSocketFrames frames;
  private boolean ended;
  private volatile long lastActive = System.nanoTime();

  BridgedConnection(SocketChannel client, SocketChannel app) {
    this.client = client;
    this.app = app;
  }

  /**
   * Carries requests on {@code upstream}'s thread and responses on the caller's, each with its own
   * buffer, until both directions have ended or the connection is closed; then closes both sides.
   */
  void pump(Thread.Builder upstream, ByteBuffer requestBuffer, ByteBuffer responseBuffer) {
    Thread requestThread = upstream.start(() -> carryRequests(requestBuffer));
    carryResponses(responseBuffer);
    try {
      requestThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** From now on the next final response says {@code Connection: close} and ends the connection. */
  void drain() {
    draining = true;
  }

  /**
   * Nanoseconds since anything last passed, if no request is in flight and the connection is still
   * HTTP; else -1: a request is being sent or answered, or the connection is a tunnel.
   */
  long idleFor(long now) {
    boolean idle =
        !requests.tunnel()
            && requests.betweenMessages()
            && requests.completed() <= responses.completed();
    return idle ? now - lastActive : -1;
  }

  void close() {
    UnixSocketBridge.closeQuietly(client);
    UnixSocketBridge.closeQuietly(app);
  }

  private void carryRequests(ByteBuffer buffer) {
    try {
      while (client.read(buffer) >= 0) {
        lastActive = System.nanoTime();
        buffer.flip();
        for (int at = 0; at < buffer.limit(); ) {
          at = requests.scan(buffer, at, buffer.limit());
        }
        writeAll(app, buffer);
        buffer.clear();
      }
      // The client finished sending, but may still read: pass the half-close on.
      app.shutdownOutput();
    } catch (IOException e) {
      // A reset or a close on either side ends the whole connection.
      close();
    }
  }

  private void carryResponses(ByteBuffer buffer) {
    try {
      boolean closing = false;
      while (app.read(buffer) >= 0) {
        lastActive = System.nanoTime();
        int limit = buffer.flip().limit();
        int from = 0;
        sending.lock();
        try {
          for (int at = 0; at < limit && !ended; ) {
            at =
                frames != null ? frames.scan(buffer, at, limit) : responses.scan(buffer, at, limit);
            HttpFraming.Event event = frames != null ? HttpFraming.Event.NONE : responses.event();
            if (event == HttpFraming.Event.START_LINE
                && responses.finalResponse()
                && draining
                && !closing) {
              write(buffer, from, at);
              writeAll(client, CLOSE.duplicate());
              from = at;
              closing = true;
            } else if (event == HttpFraming.Event.MESSAGE_END && closing) {
              write(buffer, from, at);
              close();
              return;
            } else if (event == HttpFraming.Event.UPGRADED && responses.websocket()) {
              frames = new WebSocketFrames();
            }
            if (goingAway) {
              write(buffer, from, at);
              from = at;
              endHere();
            }
          }
          if (!ended) {
            write(buffer, from, limit);
            if (goingAway) {
              // goAway may have found the lock taken by this thread just now.
              endHere();
            }
          }
          if (ended && frames == null) {
            close();
            return;
          }
        } finally {
          sending.unlock();
        }
        lastActive = System.nanoTime();
        buffer.clear();
      }
      client.shutdownOutput();
    } catch (IOException e) {
      close();
    }
  }

  /**
   * At the drain's timeout: a WebSocket gets a close frame with status 1001 (going away) and a
   * chunked response its last chunk, at the next boundary of what the app sends (at once when the
   * app is between two frames or chunks); from then on the app's bytes are dropped. The client's
   * own close frame still reaches the app. Other connections are left to be cut. If the carrying
   * thread holds the connection (a write to a slow client), it ends the connection itself after
   * that write.
   */
  void goAway() {
    goingAway = true;
    try {
      if (sending.tryLock(100, TimeUnit.MILLISECONDS)) {
        try {
          endHere();
          if (ended && frames == null) {
            close();
          }
        } finally {
          sending.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      close();
    }
  }

  /** Ends what the app sends here, if here is a boundary of it; the caller holds the lock. */
  private void endHere() throws IOException {
    if (ended) {
      return;
    }
    byte[] ending = null;
    if (frames != null) {
      ending = frames.atBoundary() ? WebSocketFrames.GOING_AWAY : null;
    } else if (!responses.betweenMessages()) {
      ending = responses.lastChunkHere();
    }
    if (ending != null) {
      writeAll(client, ByteBuffer.wrap(ending));
      ended = true;
    }
  }

  private void write(ByteBuffer buffer, int from, int to) throws IOException {
    int limit = buffer.limit();
    writeAll(client, buffer.limit(to).position(from));
    buffer.limit(limit);
  }

  private static void writeAll(SocketChannel to, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      to.write(buffer);
    }
  }
}
