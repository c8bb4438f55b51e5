package dev.paddock.runner;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The admin endpoint's HTTP/1.1 server: requests without a body, answered with a length, on
 * blocking sockets, a virtual thread per connection. An idle one costs nothing: the JDK's {@code
 * HttpServer} wakes its dispatcher every second and its timer every ten with nothing to do, which
 * for a sandbox at rest was about a third of its JVM's CPU, and with hundreds of sandboxes a tenth
 * of a core of the host's. Bounded: a request's head at most {@value #MAX_HEAD} bytes, {@value
 * #MAX_CONNECTIONS} connections at once, a connection closed after {@link #IDLE} without a request.
 */
final class AdminHttp implements AutoCloseable {

  /** What answers a request. */
  interface Handler {
    void handle(Exchange exchange) throws IOException;
  }

  static final int MAX_HEAD = 8192;
  static final int MAX_CONNECTIONS = 64;

  /** How long a connection is kept without a request (the control plane's client keeps 30 s). */
  static final Duration IDLE = Duration.ofSeconds(60);

  private final ServerSocket server;
  private final Handler handler;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private AdminHttp(ServerSocket server, Handler handler) {
    this.server = server;
    this.handler = handler;
  }

  /**
   * Listens on {@code port} (0: any) of every address and serves until closed. The accepting thread
   * is not a daemon, as the JDK's server's was not: a runnable app whose own threads are all
   * daemons keeps running.
   */
  static AdminHttp start(int port, Handler handler) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress("0.0.0.0", port), 64);
    AdminHttp http = new AdminHttp(server, handler);
    Thread.ofPlatform().name("paddock-admin").start(http::accept);
    return http;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Stops taking connections and closes those open, requests in flight with them. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    open.forEach(AdminHttp::quietly);
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        continue; // closed, or a connection that failed before it was taken
      }
      if (!slots.tryAcquire()) {
        quietly(socket);
        continue;
      }
      open.add(socket);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  serve(socket);
                } finally {
                  open.remove(socket);
                  quietly(socket);
                  slots.release();
                }
              });
    }
  }

  private void serve(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) IDLE.toMillis());
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      boolean again = true;
      while (again) {
        String head = head(in);
        if (head == null) {
          return;
        }
        Exchange exchange = Exchange.of(head, out);
        if (exchange.status() != 0) {
          exchange.send(exchange.status(), "application/json", "{\"error\":\"bad request\"}");
          return;
        }
        handler.handle(exchange);
        if (!exchange.sent()) {
          exchange.send(500, "application/json", "{\"error\":\"no answer\"}");
        }
        again = exchange.keepAlive();
      }
    } catch (HeadTooLarge e) {
      try {
        Exchange.refused(431, socket.getOutputStream())
            .send(431, "application/json", "{\"error\":\"request head too large\"}");
      } catch (IOException gone) {
        // closed
      }
    } catch (SocketTimeoutException e) {
      // idle: closed
    } catch (IOException e) {
      // the peer went away
    } catch (RuntimeException e) {
      Log.error("admin request failed", e);
    }
  }

  /** The request's head up to its blank line, or null at the end of the stream before one. */
  static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("the request's head ended early");
      }
      if (head.size() == MAX_HEAD) {
        throw new HeadTooLarge();
      }
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void quietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static final class HeadTooLarge extends IOException {
    HeadTooLarge() {
      super("request head too large");
    }
  }

  /** One request and its answer, sent once, always with its length. */
  static final class Exchange {

    private final String method;
    private final URI target;
    private final boolean keepAlive;
    private final int status;
    private final OutputStream out;
    private boolean sent;

    private Exchange(String method, URI target, boolean keepAlive, int status, OutputStream out) {
      this.method = method;
      this.target = target;
      this.keepAlive = keepAlive;
      this.status = status;
      this.out = out;
    }

    /**
     * The request a head asks for; {@link #status} 400 when it is not one this server reads (a
     * malformed line, another protocol, a body), which closes the connection after its answer.
     */
    static Exchange of(String head, OutputStream out) {
      String[] lines = head.split("\r\n");
      String[] line = lines[0].split(" ", -1);
      boolean close = false;
      boolean body = false;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name =
            colon < 0 ? "" : lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : lines[i].substring(colon + 1).strip();
        close |= name.equals("connection") && value.toLowerCase(Locale.ROOT).contains("close");
        body |=
            name.equals("transfer-encoding") || name.equals("content-length") && !value.equals("0");
      }
      if (line.length != 3 || !line[1].startsWith("/") || !line[2].startsWith("HTTP/1.")) {
        return refused(400, out);
      }
      try {
        URI target = new URI(line[1]);
        boolean keepAlive = !close && !body && line[2].equals("HTTP/1.1");
        return new Exchange(line[0], target, keepAlive, body ? 400 : 0, out);
      } catch (URISyntaxException e) {
        return refused(400, out);
      }
    }

    /** A request refused with {@code status} before it was read to the end: closes after. */
    static Exchange refused(int status, OutputStream out) {
      return new Exchange("", URI.create("/"), false, status, out);
    }

    String method() {
      return method;
    }

    /** The decoded path. */
    String path() {
      return target.getPath();
    }

    /** The decoded query, or null. */
    String query() {
      return target.getQuery();
    }

    int status() {
      return status;
    }

    boolean sent() {
      return sent;
    }

    boolean keepAlive() {
      return keepAlive;
    }

    void send(int status, String type, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      head(status, type, bytes.length);
      out.write(bytes);
      out.flush();
    }

    void send(int status, String type, Path file) throws IOException {
      head(status, type, Files.size(file));
      Files.copy(file, out);
      out.flush();
    }

    private void head(int status, String type, long length) throws IOException {
      if (sent) {
        throw new IllegalStateException("answered already");
      }
      sent = true;
      String head =
          "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nCache-Control: no-store\r\nContent-Length: %d\r\n%s\r\n"
              .formatted(
                  status, reason(status), type, length, keepAlive ? "" : "Connection: close\r\n");
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reason(int status) {
      return switch (status) {
        case 200 -> "OK";
        case 400 -> "Bad Request";
        case 404 -> "Not Found";
        case 405 -> "Method Not Allowed";
        case 409 -> "Conflict";
        case 431 -> "Request Header Fields Too Large";
        case 503 -> "Service Unavailable";
        default -> status >= 500 ? "Server Error" : "Status";
      };
    }
  }
}
