package dev.paddock.handler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes events in the {@code text/event-stream} format, one flush each, with a heartbeat comment
 * from a virtual thread of its own while the handler is quiet.
 */
final class ServerSentEvents implements EventStream, AutoCloseable {

  private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

  private final OutputStream out;
  private final Duration heartbeat;
  private final Thread writer = Thread.currentThread();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition done = lock.newCondition();
  private long lastSent = System.nanoTime();
  private boolean open = true;
  private boolean closed;

  ServerSentEvents(OutputStream out, Duration heartbeat) {
    this.out = out;
    this.heartbeat = heartbeat;
  }

  /** Sends events through {@code writer}, then stops the heartbeat. */
  static void run(OutputStream out, Duration heartbeat, EventWriter writer) throws Exception {
    try (ServerSentEvents events = new ServerSentEvents(out, heartbeat)) {
      Thread beat = Thread.ofVirtual().name("sse-heartbeat").start(events::beat);
      try {
        writer.writeTo(events);
      } finally {
        events.close();
        beat.join();
      }
    }
  }

  @Override
  public void send(String data) throws IOException {
    write(format(null, data));
  }

  @Override
  public void send(String event, String data) throws IOException {
    if (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an event name must be one line: " + event);
    }
    write(format(event, data));
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  static byte[] format(String event, String data) {
    StringBuilder text = new StringBuilder();
    if (event != null) {
      text.append("event: ").append(event).append('\n');
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      text.append("data: ").append(line).append('\n');
    }
    return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  private void write(byte[] bytes) throws IOException {
    lock.lock();
    try {
      if (!open) {
        throw new IOException(
            "the event stream has ended: the client went away or the sandbox drains");
      }
      out.write(bytes);
      out.flush();
      lastSent = System.nanoTime();
    } catch (IOException e) {
      open = false;
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** Sends a comment whenever nothing was sent for the heartbeat interval, until closed. */
  private void beat() {
    lock.lock();
    try {
      while (!closed) {
        long wait = lastSent + heartbeat.toNanos() - System.nanoTime();
        if (wait > 0) {
          done.awaitNanos(wait);
          continue;
        }
        try {
          write(HEARTBEAT);
        } catch (IOException gone) {
          // The handler may be waiting for something to send: it learns at once.
          writer.interrupt();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      done.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
