package dev.paddock.examples.hello;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A runnable jar that serves HTTP itself, on the port the sandbox gives in {@code PORT}. */
public final class HelloRunnable {

  private static final byte[] HELLO =
      "Hello from Paddock (runnable)\n".getBytes(StandardCharsets.UTF_8);

  private HelloRunnable() {}

  /** Starts the server and returns; its threads keep the JVM running. */
  public static void main(String[] args) throws IOException {
    String port = System.getenv().getOrDefault("PORT", "8080");
    // Without it the JDK server waits on Nagle and delayed ACKs: ~40 ms per keep-alive request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(port)), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange;
              OutputStream body = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, HELLO.length);
            body.write(HELLO);
          }
        });
    server.start();
  }
}
