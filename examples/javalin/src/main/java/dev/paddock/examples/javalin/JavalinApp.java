package dev.paddock.examples.javalin;

import io.javalin.Javalin;

/** A Javalin app as tenants build them: {@code GET /} from a shaded jar. */
public final class JavalinApp {

  private JavalinApp() {}

  public static void main(String[] args) {
    // Javalin has no convention for the port: the app reads PORT itself and passes it to start.
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    Javalin.create().get("/", ctx -> ctx.result("Hello from Javalin\n")).start(port);
  }
}
