package dev.paddock.examples.hello;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Greets every request; {@code /count} shows that one instance serves them all, {@code /release}
 * which release does, {@code /instance} which sandbox (its host name), {@code /forwarded} what the
 * edge says of the client ({@code X-Forwarded-Proto} and {@code X-Forwarded-For}), and {@code
 * /log?text} writes the text to stdout.
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
      case "/log" -> {
        System.out.println(request.query());
        yield Response.ok("logged\n");
      }
      default -> Response.ok("Hello from Paddock (handler)\n");
    };
  }
}
