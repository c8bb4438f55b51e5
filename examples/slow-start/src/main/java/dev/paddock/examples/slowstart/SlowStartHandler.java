package dev.paddock.examples.slowstart;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.time.Duration;

/** A handler that takes {@code SLOW_START_SECONDS} (default 8) to construct, like a cold cache. */
public class SlowStartHandler implements Handler {

  /** Sleeps for the configured time; the sandbox serves nothing until this returns. */
  public SlowStartHandler() throws InterruptedException {
    long seconds = Long.parseLong(System.getenv().getOrDefault("SLOW_START_SECONDS", "8"));
    Thread.sleep(Duration.ofSeconds(seconds));
  }

  @Override
  public Response handle(Request request) {
    return Response.ok("Hello from Paddock (slow start)\n");
  }
}
