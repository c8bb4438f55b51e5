package dev.paddock.examples.helidon;

import io.helidon.webserver.WebServer;

/** A Helidon SE app as tenants build them: {@code GET /} from a shaded jar. */
public final class HelidonApp {

  private HelidonApp() {}

  public static void main(String[] args) {
    // Helidon SE reads its port from its own config (server.port); without one, the app reads
    // PORT itself and passes it to the server's builder.
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    WebServer.builder()
        .port(port)
        .routing(routing -> routing.get("/", (req, res) -> res.send("Hello from Helidon SE\n")))
        .build()
        .start();
  }
}
