package dev.paddock.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A runner's admin port taken over by its tenant, on loopback: it reads a request and answers with
 * whatever its behaviour writes, and counts what it got out before the client hung up.
 */
final class HostileRunner implements AutoCloseable {

  /** What the runner writes after reading a request; it may never return. */
  interface Behaviour {
    void answer(OutputStream out) throws IOException, InterruptedException;
  }

  /** A runner that answers every request with {@code status} and exactly {@code body}. */
  static HostileRunner answering(String status, byte[] body) throws IOException {
    return new HostileRunner(
        out -> {
          headers(out, status, "Content-Length: " + body.length);
          out.write(body);
        });
  }

  /** Writes a status line and one header, and ends the head. */
  static void headers(OutputStream out, String status, String header) throws IOException {
    out.write(
        "HTTP/1.1 %s\r\n%s\r\n\r\n".formatted(status, header).getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private final ServerSocket server;
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean hungUp = new AtomicBoolean();

  HostileRunner(Behaviour behaviour) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  Thread.ofVirtual().start(() -> serve(client, behaviour));
                } catch (IOException closed) {
                  return;
                }
              }
            });
  }

  URI admin() {
    return URI.create("http://127.0.0.1:%d/".formatted(server.getLocalPort()));
  }

  /** Bytes written to clients so far. */
  long written() {
    return written.get();
  }

  /** Whether a client closed its connection while the runner still wrote. */
  boolean hungUp() {
    return hungUp.get();
  }

  private void serve(Socket client, Behaviour behaviour) {
    try (client) {
      var request =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      for (String line = request.readLine(); line != null && !line.isEmpty(); ) {
        line = request.readLine();
      }
      behaviour.answer(new Counting(client.getOutputStream()));
    } catch (IOException e) {
      hungUp.set(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private final class Counting extends OutputStream {
    private final OutputStream out;

    Counting(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      written.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written.addAndGet(len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
