package dev.paddock.examples.leaky;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers every request, and keeps {@code LEAK_BYTES} (default 16384) from each one reachable for
 * ever: the heap after each collection grows until the JVM runs out, unless the sandbox is recycled
 * first.
 */
public class LeakyHandler implements Handler {

  private final int leak = Integer.parseInt(System.getenv().getOrDefault("LEAK_BYTES", "16384"));
  private final List<byte[]> kept = new ArrayList<>();

  @Override
  public Response handle(Request request) {
    synchronized (kept) {
      kept.add(new byte[leak]);
      return Response.ok("Kept %d KiB\n".formatted((long) kept.size() * leak / 1024));
    }
  }
}
