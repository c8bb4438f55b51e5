package dev.paddock.examples.javalin;

import io.javalin.Javalin;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Javalin app as tenants build them: {@code GET /} from a shaded jar, a WebSocket at {@code
 * /echo} that answers each message with {@code release 3 echo: …}, and server-sent events at {@code
 * /ticks}, {@code release 3 tick 1}, {@code release 3 tick 2}…, five a second, until the client
 * goes away.
 */
public final class JavalinApp {

  private static final String RELEASE = System.getenv().getOrDefault("PADDOCK_RELEASE", "");

  private JavalinApp() {}

  public static void main(String[] args) {
    // Javalin has no convention for the port: the app reads PORT itself and passes it to start.
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    Javalin app = Javalin.create();
    app.get("/", ctx -> ctx.result("Hello from Javalin\n"));
    app.ws(
        "/echo",
        ws -> ws.onMessage(ctx -> ctx.send("release " + RELEASE + " echo: " + ctx.message())));
    app.sse(
        "/ticks",
        client -> {
          client.keepAlive();
          AtomicInteger tick = new AtomicInteger();
          var ticking =
              clock.scheduleAtFixedRate(
                  () -> client.sendEvent("release " + RELEASE + " tick " + tick.incrementAndGet()),
                  0,
                  200,
                  TimeUnit.MILLISECONDS);
          client.onClose(() -> ticking.cancel(false));
        });
    app.start(port);
  }
}
