package dev.paddock.examples.hello;

import dev.paddock.handler.EventStream;
import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Greets every request; {@code /count} shows that one instance serves them all, {@code /release}
 * which release does, {@code /instance} which sandbox (its host name), {@code /forwarded} what the
 * edge says of the client ({@code X-Forwarded-Proto} and {@code X-Forwarded-For}), and {@code
 * /log?text} writes the text to stdout. {@code /events} is an endless stream of server-sent events,
 * {@code release 3 tick 1}, {@code release 3 tick 2}…, five a second, until the client goes away or
 * the sandbox drains.
 */
public class HelloHandler implements Handler {

  private final AtomicLong requests = new AtomicLong();
  private final String release = System.getenv().getOrDefault("PADDOCK_RELEASE", "");
  private final String instance = System.getenv().getOrDefault("HOSTNAME", "");

  @Override
  public Response handle(Request request) {
    long count = requests.incrementAndGet();
    return switch (request.path()) {
      case "/count" -> Response.ok(count + "\n");
      case "/release" -> Response.ok(release + "\n");
      case "/instance" -> Response.ok(instance + "\n");
      case "/forwarded" ->
          Response.ok(
              "proto=%s for=%s\n"
                  .formatted(
                      request.header("X-Forwarded-Proto").orElse(""),
                      request.header("X-Forwarded-For").orElse("")));
      case "/events" -> Response.events(this::ticks);
      case "/log" -> {
        System.out.println(request.query());
        yield Response.ok("logged\n");
      }
      default -> Response.ok("Hello from Paddock (handler)\n");
    };
  }

  private void ticks(EventStream events) throws Exception {
    for (long tick = 1; ; tick++) {
      events.send("release " + release + " tick " + tick);
      // An interrupt (the client went away, the sandbox drains) ends the sleep and the stream.
      Thread.sleep(200);
    }
  }
}
