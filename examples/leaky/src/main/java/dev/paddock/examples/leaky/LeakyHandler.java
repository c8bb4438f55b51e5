package dev.paddock.examples.leaky;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers every request, and keeps {@link LeakedChunk}s from each one reachable for ever: the heap
 * after each collection grows until the JVM runs out, unless the sandbox is recycled first. Each
 * request keeps {@code LEAK_BYTES} (default 16384); or, with {@code LEAK_BYTES_PER_SECOND} set,
 * what that rate leaks in the time since the previous request (at most one second's worth), so that
 * a steady load leaks at that rate whatever its requests per second, and an idle app leaks nothing.
 */
public class LeakyHandler implements Handler {

  private static final int CHUNK = 64 * 1024;

  private final int perRequest =
      Integer.parseInt(System.getenv().getOrDefault("LEAK_BYTES", "16384"));
  private final long perSecond =
      Long.parseLong(System.getenv().getOrDefault("LEAK_BYTES_PER_SECOND", "0"));
  private final List<LeakedChunk> kept = new ArrayList<>();
  private long leaked;
  private long last;

  @Override
  public Response handle(Request request) {
    synchronized (kept) {
      long now = System.nanoTime();
      int size =
          perSecond > 0 ? (int) Math.min(perSecond, perSecond * (now - last) / 1e9) : perRequest;
      last = now;
      // Chunks of at most 64 KiB, as a leak of many small things: an array of half a G1 region or
      // more goes straight to the old generation, and young collections, which show the leak,
      // would come seldom.
      for (int left = size; left > 0; left -= CHUNK) {
        kept.add(new LeakedChunk(new byte[Math.min(CHUNK, left)]));
      }
      leaked += size;
      return Response.ok("Kept %d KiB\n".formatted(leaked / 1024));
    }
  }

  /** What the app leaks, at most 64 KiB each, so that a class histogram names it. */
  record LeakedChunk(byte[] bytes) {}
}
