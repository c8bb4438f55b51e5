package dev.paddock.streams;

import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Counts the streams open per caller and per tenant, and refuses one more beyond either bound.
 * Thread-safe; the counts are this control plane's own.
 */
@Component
public class StreamSlots {

  private final StreamProperties properties;
  private final Map<String, Integer> byCaller = new HashMap<>();
  private final Map<String, Integer> byTenant = new HashMap<>();

  StreamSlots(StreamProperties properties) {
    this.properties = properties;
  }

  /**
   * Takes a place for one stream of {@code caller} in {@code tenant}, which the caller may see.
   *
   * @throws TooManyStreamsException when the caller or the tenant holds as many as it may
   */
  public synchronized Slot take(Caller caller, DnsLabel tenant) {
    String who = who(caller, tenant);
    int mine = byCaller.getOrDefault(who, 0);
    if (mine >= properties.perCaller()) {
      throw new TooManyStreamsException(
          "'%s' has %d streams open, the most one caller may hold (paddock.streams.per-caller); close one first"
              .formatted(caller.actor(), mine),
          properties.retryAfter());
    }
    int tenants = byTenant.getOrDefault(tenant.value(), 0);
    if (tenants >= properties.perTenant()) {
      throw new TooManyStreamsException(
          "tenant '%s' has %d streams open, the most one tenant may hold (paddock.streams.per-tenant); close one first"
              .formatted(tenant.value(), tenants),
          properties.retryAfter());
    }
    byCaller.merge(who, 1, Integer::sum);
    byTenant.merge(tenant.value(), 1, Integer::sum);
    return new Slot(who, tenant.value());
  }

  /** How many streams the tenant holds open now. */
  public synchronized int openIn(DnsLabel tenant) {
    return byTenant.getOrDefault(tenant.value(), 0);
  }

  private synchronized void give(String who, String tenant) {
    byCaller.computeIfPresent(who, (k, n) -> n > 1 ? n - 1 : null);
    byTenant.computeIfPresent(tenant, (k, n) -> n > 1 ? n - 1 : null);
  }

  // A token's name is unique only in its tenant, a user's and the admin's everywhere.
  private static String who(Caller caller, DnsLabel tenant) {
    return caller.actor().startsWith("token:")
        ? caller.actor() + "@" + tenant.value()
        : caller.actor();
  }

  /** One stream's place; giving it back twice is giving it back once. */
  public final class Slot {

    private final String who;
    private final String tenant;
    private final AtomicBoolean given = new AtomicBoolean();

    private Slot(String who, String tenant) {
      this.who = who;
      this.tenant = tenant;
    }

    /** Gives the place back. Idempotent and thread-safe. */
    public void give() {
      if (given.compareAndSet(false, true)) {
        StreamSlots.this.give(who, tenant);
      }
    }

    /** Gives the place back when the emitter ends in any way: completed, timed out or failed. */
    public SseEmitter heldBy(SseEmitter emitter) {
      emitter.onCompletion(this::give);
      emitter.onTimeout(this::give);
      emitter.onError(e -> give());
      return emitter;
    }
  }
}
