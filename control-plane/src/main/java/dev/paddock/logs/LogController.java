package dev.paddock.logs;

import dev.paddock.app.App;
import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.streams.StreamProperties;
import dev.paddock.streams.StreamSlots;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An app's output, across its sandboxes, restarts and deploys: the last lines, or those and then
 * every new one as server-sent events. Following reads PostgreSQL, so it goes on across a redeploy
 * and works on any control-plane replica.
 */
@RestController
class LogController {

  private static final int MAX_TAIL = 10_000;
  private static final Duration LIMIT = Duration.ofHours(1);

  private final LogStore store;
  private final StreamSlots slots;
  private final StreamProperties streams;
  private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();

  LogController(LogStore store, StreamSlots slots, StreamProperties streams) {
    this.store = store;
    this.slots = slots;
    this.streams = streams;
  }

  @GetMapping("/api/v1/tenants/{tenant}/apps/{app}/logs")
  List<LogStore.Line> tail(App app, @RequestParam(defaultValue = "100") int tail) {
    return store.tail(app.id(), Math.clamp(tail, 0, MAX_TAIL));
  }

  /**
   * The last {@code tail} lines, then each new one, as {@code line} events, for up to an hour. Each
   * open follow holds one of the caller's and the tenant's stream places until it ends or the
   * client is found gone (at the next line or keep-alive).
   */
  @GetMapping(
      value = "/api/v1/tenants/{tenant}/apps/{app}/logs",
      params = "follow=true",
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
  SseEmitter follow(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      App app,
      @RequestParam(defaultValue = "100") int tail) {
    long appId = app.id();
    StreamSlots.Slot slot = slots.take(caller, tenant);
    List<LogStore.Line> first;
    try {
      first = store.tail(appId, Math.clamp(tail, 0, MAX_TAIL));
    } catch (RuntimeException e) {
      slot.give();
      throw e;
    }
    SseEmitter emitter = slot.heldBy(new SseEmitter(LIMIT.toMillis()));
    followers.execute(
        () -> {
          try {
            long last = first.isEmpty() ? lastId(appId) : first.getLast().id();
            // Opens the stream at once, so a client sees it is following before any line comes.
            emitter.send(SseEmitter.event().comment("following"));
            send(emitter, first);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
              List<LogStore.Line> lines = store.after(appId, last, 1000);
              if (!lines.isEmpty()) {
                send(emitter, lines);
                last = lines.getLast().id();
                quietSince = System.nanoTime();
                continue;
              }
              if (System.nanoTime() - quietSince > streams.keepAlive().toNanos()) {
                // Finds out whether the client is still there, and keeps proxies from timing out.
                emitter.send(SseEmitter.event().comment("waiting"));
                quietSince = System.nanoTime();
              }
              Thread.sleep(streams.poll());
            }
            finish(emitter::complete);
          } catch (IOException | IllegalStateException clientGone) {
            finish(() -> emitter.completeWithError(clientGone));
          } catch (DataAccessException databaseGone) {
            // The database went away (the control plane is stopping): the client reconnects.
            finish(() -> emitter.completeWithError(databaseGone));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(emitter::complete);
          } finally {
            slot.give();
          }
        });
    return emitter;
  }

  private long lastId(long appId) {
    List<LogStore.Line> last = store.tail(appId, 1);
    return last.isEmpty() ? 0 : last.getFirst().id();
  }

  private static void send(SseEmitter emitter, List<LogStore.Line> lines) throws IOException {
    for (LogStore.Line line : lines) {
      emitter.send(SseEmitter.event().id(String.valueOf(line.id())).name("line").data(line));
    }
  }

  /**
   * Ends a stream whose client may be gone: once the container has ended the request after a
   * network error, completing it again throws, and there is nothing left to end.
   */
  private static void finish(Runnable completion) {
    try {
      completion.run();
    } catch (IllegalStateException alreadyEnded) {
      // The request is over already.
    }
  }
}
