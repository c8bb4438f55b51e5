package dev.paddock.examples.hello;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.util.concurrent.atomic.AtomicLong;

/** Greets every request; {@code /count} shows that one instance serves them all. */
public class HelloHandler implements Handler {

  private final AtomicLong requests = new AtomicLong();

  @Override
  public Response handle(Request request) {
    long count = requests.incrementAndGet();
    if ("/count".equals(request.path())) {
      return Response.ok(count + "\n");
    }
    return Response.ok("Hello from Paddock (handler)\n");
  }
}
