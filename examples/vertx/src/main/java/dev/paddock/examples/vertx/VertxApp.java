package dev.paddock.examples.vertx;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** A Vert.x app as tenants build them: {@code GET /} from a shaded jar. */
public final class VertxApp {

  private VertxApp() {}

  public static void main(String[] args) {
    // Vert.x has no convention for the port: the app reads PORT itself and passes it to listen.
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.response().end("Hello from Vert.x\n"));
    vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port)
        .onFailure(
            failure -> {
              failure.printStackTrace();
              System.exit(1);
            });
  }
}
