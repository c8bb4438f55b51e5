package dev.paddock.platform;

import dev.paddock.lifecycle.Periodic;
import dev.paddock.routing.EdgeRestarted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads the health of the platform's parts (the database, Docker, the edge) every {@code
 * paddock.platform.watch-interval} (a second) from the same indicators as {@code /actuator/health},
 * keeps what it last saw for the admin, and records a platform event when a part is lost and when
 * it is back, and for every restart of the edge. Each replica watches its own parts; {@link
 * PlatformEvents} writes a shared part's change once.
 */
@Component
class PlatformWatch extends Periodic {

  private static final Logger log = LoggerFactory.getLogger(PlatformWatch.class);

  /** The parts by their names here and their indicators' names in the actuator's health. */
  private static final List<Map.Entry<String, String>> PARTS =
      List.of(
          Map.entry("database", "db"), Map.entry("docker", "docker"), Map.entry("edge", "edge"));

  private static final Map<String, String> WHAT_IT_MEANS =
      Map.of(
          "database",
          "The API answers 503 until it is back; apps keep serving.",
          "docker",
          "Apps keep serving; none can be deployed, restarted or recovered until it is back.",
          "edge",
          "No app is served through it until it is back.");

  private final HealthContributorRegistry health;
  private final PlatformEvents events;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Instant> downSince = new HashMap<>();
  private volatile Map<String, Part> parts = Map.of();

  PlatformWatch(
      HealthContributorRegistry health,
      PlatformEvents events,
      Clock clock,
      PlatformProperties properties) {
    super("platform-watch");
    this.interval = properties.watchInterval();
    this.health = health;
    this.events = events;
    this.clock = clock;
  }

  /** One part as last seen: its status and details as the actuator reports them. */
  record Part(String name, String status, Map<String, Object> details, Instant checkedAt) {

    boolean up() {
      return !status.equals(Status.DOWN.getCode())
          && !status.equals(Status.OUT_OF_SERVICE.getCode());
    }
  }

  /** The parts this installation has, as last seen; a part it does not use is left out. */
  List<Part> parts() {
    return List.copyOf(parts.values());
  }

  /** Whether the database answered when last seen. */
  boolean databaseUp() {
    Part database = parts.get("database");
    return database == null || database.up();
  }

  @EventListener
  void on(EdgeRestarted restart) {
    String what =
        restart.failure() == null
            ? "%s: started it again (pid %d), restart %d in a row."
                .formatted(restart.problem(), restart.pid(), restart.inARow())
            : "%s: starting it again failed (restart %d in a row): %s."
                .formatted(restart.problem(), restart.inARow(), restart.failure());
    String errorLog =
        restart.errorLog().isEmpty()
            ? ""
            : "\nhttpd's error log ended with:\n" + String.join("\n", restart.errorLog());
    events.record(restart.at(), "edge.restarted", what + errorLog);
  }

  /** Looks at every part once and records what changed; writes events kept while it could not. */
  @Override
  protected void check() {
    Instant now = clock.instant();
    Map<String, Part> seen = new LinkedHashMap<>();
    for (var part : PARTS) {
      if (health.getContributor(part.getValue()) instanceof HealthIndicator indicator) {
        Health reported = read(indicator);
        Part was =
            new Part(part.getKey(), reported.getStatus().getCode(), reported.getDetails(), now);
        seen.put(part.getKey(), was);
        changed(was);
      }
    }
    parts = seen;
    if (databaseUp()) {
      events.flush();
    }
  }

  private static Health read(HealthIndicator part) {
    try {
      return part.health();
    } catch (RuntimeException e) {
      return Health.down(e).build();
    }
  }

  private void changed(Part part) {
    Instant since = downSince.get(part.name());
    if (!part.up() && since == null) {
      downSince.put(part.name(), part.checkedAt());
      String message =
          "%s is lost: %s. %s"
              .formatted(label(part.name()), problem(part), WHAT_IT_MEANS.get(part.name()));
      log.warn(message);
      events.record(part.checkedAt(), part.name() + ".lost", message);
    } else if (part.up() && since != null) {
      downSince.remove(part.name());
      Duration away = Duration.between(since, part.checkedAt());
      String message =
          "%s is back, after %.1f s away.".formatted(label(part.name()), away.toMillis() / 1000.0);
      log.info(message);
      events.record(part.checkedAt(), part.name() + ".back", message);
    }
  }

  private static String label(String part) {
    return switch (part) {
      case "database" -> "The database";
      case "docker" -> "The Docker engine";
      default -> "The edge";
    };
  }

  private static String problem(Part part) {
    Object problem = part.details().getOrDefault("problem", part.details().get("error"));
    return problem == null ? "its health is " + part.status() : problem.toString();
  }

  @Override
  protected Duration interval() {
    return interval;
  }
}
