package dev.paddock.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The body of one streamed handler response, sent chunk by chunk as the handler writes: each write
 * blocks until its bytes are with the client's connection. Either the handler ends it ({@link
 * #finish}) or the sandbox does at the end of its drain ({@link #end}), with the last chunk, after
 * which the handler's writes fail. Thread-safe.
 */
final class StreamedBody extends OutputStream {

  private static final long END_WAIT_MILLIS = 1000;

  private final Response response;
  private final ReentrantLock lock = new ReentrantLock();
  private Thread writer = Thread.currentThread();
  private volatile boolean ended;
  private volatile boolean endedBySandbox;

  StreamedBody(Response response) {
    this.response = response;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return;
    }
    lock.lock();
    try {
      if (ended) {
        throw new IOException(
            endedBySandbox
                ? "the sandbox ended the stream: it drains for a new release"
                : "the stream has ended: the client went away");
      }
      send(false, ByteBuffer.wrap(bytes, offset, length));
    } catch (IOException e) {
      ended = true;
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the stream has ended: the client went away or the sandbox ended it. */
  boolean ended() {
    return ended;
  }

  /** Once the handler failed: cuts the response short, without the last chunk. */
  void fail(Throwable cause, Callback done) {
    stopInterrupts();
    lock.lock();
    try {
      ended = true;
      done.failed(cause);
    } finally {
      lock.unlock();
    }
  }

  private void stopInterrupts() {
    synchronized (this) {
      writer = null;
      Thread.interrupted();
    }
  }

  /**
   * Once the handler is done: sends the last chunk unless the stream has ended, and completes
   * {@code done}; clears the interrupt the sandbox may have sent the handler's thread.
   */
  void finish(Callback done) {
    stopInterrupts();
    lock.lock();
    try {
      if (endedBySandbox) {
        done.succeeded();
      } else if (ended) {
        done.failed(new IOException("the client went away"));
      } else {
        ended = true;
        response.write(true, ByteBuffer.allocate(0), done);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the stream cleanly with its last chunk while the handler may still be writing, and
   * interrupts the handler if it waits. A write that holds the stream for over a second (a client
   * that does not read) is not waited for: the sandbox's stop cuts that connection.
   */
  void end() {
    try {
      if (lock.tryLock(END_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        try {
          if (!ended) {
            ended = true;
            endedBySandbox = true;
            send(true, ByteBuffer.allocate(0));
            // Not kept for reuse: the web server's next request must reach the new sandbox.
            response.getRequest().getConnectionMetaData().getConnection().close();
          }
        } catch (IOException e) {
          // The client went away meanwhile.
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (writer != null) {
        writer.interrupt();
      }
    }
  }

  private void send(boolean last, ByteBuffer bytes) throws IOException {
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(last, bytes, written);
      written.block();
    }
  }
}
