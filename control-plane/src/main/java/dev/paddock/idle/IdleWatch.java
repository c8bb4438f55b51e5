package dev.paddock.idle;

import dev.paddock.app.AppChanged;
import dev.paddock.metrics.Sample;
import dev.paddock.metrics.SamplesTaken;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Puts apps to sleep once idle: after every sampling pass, an app whose runners' request counters
 * have not moved for its {@code sleepAfter}, and that had no connection from the edge open at any
 * reading (a WebSocket, a request in flight, a connection httpd keeps for reuse), is marked asleep,
 * and the reconciler does the rest. The signal is what the sampler reads anyway, so watching costs
 * no call of its own; an app with no reading (not answering, or starting) never counts as idle.
 * Time idle is counted from this control plane's first reading: a restart starts it again.
 */
@Component
class IdleWatch {

  private final SleepSettings settings;
  private final ApplicationEventPublisher published;
  private final Clock clock;
  private final Map<Long, Activity> activity = new ConcurrentHashMap<>();

  IdleWatch(SleepSettings settings, ApplicationEventPublisher published, Clock clock) {
    this.settings = settings;
    this.published = published;
    this.clock = clock;
  }

  /** The app's sandboxes and their counters as last read, and since when they read so. */
  private record Activity(String counters, Instant since) {}

  @EventListener
  void on(SamplesTaken taken) {
    Instant now = clock.instant();
    Map<Long, String> counters = counters(taken);
    activity.keySet().retainAll(counters.keySet());
    for (SleepSettings.Sleepy app : settings.sleepy()) {
      String read = counters.get(app.appId());
      if (read == null) {
        continue;
      }
      Activity seen =
          activity.merge(
              app.appId(),
              new Activity(read, now),
              (old, fresh) -> old.counters().equals(fresh.counters()) ? old : fresh);
      if (!seen.since().plus(app.sleepAfter()).isAfter(now) && settings.sleep(app.appId())) {
        activity.remove(app.appId());
        published.publishEvent(new AppChanged(app.appId()));
      }
    }
  }

  /** Per app, its sandboxes' names and request counters, or no entry if one did not answer. */
  private static Map<Long, String> counters(SamplesTaken taken) {
    Map<Long, Map<String, Long>> byApp = new TreeMap<>();
    for (Sample sample : taken.samples()) {
      var jvm = sample.usage().jvm();
      // A connection open (a WebSocket, a request in flight) is activity now: a reading unlike any.
      long requests =
          jvm == null ? -1 : jvm.open() > 0 ? -2 - sample.at().toEpochMilli() : jvm.requests();
      byApp
          .computeIfAbsent(sample.sandbox().appId(), id -> new TreeMap<>())
          .put(sample.sandbox().name(), requests);
    }
    return byApp.entrySet().stream()
        .filter(e -> !e.getValue().containsValue(-1L))
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
  }
}
