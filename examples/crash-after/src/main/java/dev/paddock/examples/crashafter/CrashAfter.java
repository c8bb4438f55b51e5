package dev.paddock.examples.crashafter;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A runnable jar that serves on $PORT, then dies: healthy at first, a crash loop after a deploy.
 */
public final class CrashAfter {

  private CrashAfter() {}

  /** Serves {@code Hello from Paddock (crash after)}, then exits with status 1. */
  public static void main(String[] args) throws IOException, InterruptedException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    long seconds = Long.parseLong(System.getenv().getOrDefault("CRASH_AFTER_SECONDS", "3"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    byte[] body = "Hello from Paddock (crash after)\n".getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    Thread.sleep(seconds * 1000);
    System.err.println("crashing after " + seconds + " s on purpose");
    System.exit(1);
  }
}
