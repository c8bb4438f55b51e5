package dev.paddock.examples.neverhealthy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A runnable jar that stays alive without ever serving on {@code PORT}, so it is never healthy. By
 * default it never opens the port; with {@code NEVER_HEALTHY=silent} it listens and accepts
 * connections but never answers a request on them, like a server hung before its first response.
 */
public final class NeverHealthy {

  private NeverHealthy() {}

  /** Logs a line, then sleeps, or holds every connection it accepts, until the sandbox stops. */
  public static void main(String[] args) throws InterruptedException, IOException {
    String port = System.getenv("PORT");
    if ("silent".equals(System.getenv("NEVER_HEALTHY"))) {
      System.out.println(
          "never-healthy: accepting connections on port " + port + ", answering none");
      List<Socket> held = new ArrayList<>();
      try (ServerSocket server = new ServerSocket(Integer.parseInt(port))) {
        while (true) {
          held.add(server.accept());
        }
      }
    }
    System.out.println("never-healthy: running, but never opening port " + port);
    while (true) {
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
