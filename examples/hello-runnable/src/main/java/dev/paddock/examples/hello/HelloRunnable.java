package dev.paddock.examples.hello;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A runnable jar that serves HTTP itself, on the port the sandbox gives in {@code PORT}: a greeting
 * everywhere but {@code /release}, which names the release it runs.
 */
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
    byte[] release =
        (System.getenv().getOrDefault("PADDOCK_RELEASE", "") + "\n")
            .getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          byte[] answer = exchange.getRequestURI().getPath().equals("/release") ? release : HELLO;
          try (exchange;
              OutputStream body = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, answer.length);
            body.write(answer);
          }
        });
    server.start();
  }
}
