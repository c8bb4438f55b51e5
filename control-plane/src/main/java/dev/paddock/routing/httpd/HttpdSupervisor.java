package dev.paddock.routing.httpd;

import dev.paddock.lifecycle.Periodic;
import dev.paddock.lifecycle.Processes;
import dev.paddock.routing.EdgeRestarted;
import dev.paddock.routing.RoutingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Keeps the managed httpd serving: looks for its parent process and probes the edge port at every
 * interval, and starts httpd again, from the live configuration, when it exited or stopped
 * answering; restarts of an httpd that keeps dying back off. Each restart is logged with the end of
 * httpd's error log, counted in {@code paddock.edge.restarts} and published as an {@link
 * EdgeRestarted}, for the platform's events. It stops first when the control plane shuts down, and
 * never restarts an httpd stopped on purpose.
 */
class HttpdSupervisor extends Periodic {

  private static final Logger log = LoggerFactory.getLogger(HttpdSupervisor.class);

  private final ManagedHttpd server;
  private final EdgeProbe probe;
  private final ErrorLog errorLog;
  private final SupervisionProperties settings;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Backoff backoff;
  private final Counter started;
  private final Counter failed;
  private volatile EdgeStatus status = EdgeStatus.STARTING;
  private Optional<Long> known = Optional.empty();
  private Instant unansweredSince;
  private Instant nextRestart = Instant.MIN;

  HttpdSupervisor(
      ManagedHttpd server,
      EdgeProbe probe,
      ErrorLog errorLog,
      SupervisionProperties settings,
      Clock clock,
      MeterRegistry meters,
      ApplicationEventPublisher events) {
    super("httpd-supervisor");
    this.server = server;
    this.probe = probe;
    this.errorLog = errorLog;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    this.backoff =
        new Backoff(settings.firstBackoff(), settings.maxBackoff(), settings.quietAfter());
    this.started = restarts(meters, "started");
    this.failed = restarts(meters, "failed");
  }

  private static Counter restarts(MeterRegistry meters, String result) {
    return Counter.builder("paddock.edge.restarts")
        .description("Restarts of the managed httpd after it exited or stopped answering")
        .tag("result", result)
        .register(meters);
  }

  /** What the supervisor last saw of the edge. Thread-safe. */
  EdgeStatus status() {
    return status;
  }

  @Override
  protected Duration interval() {
    return settings.interval();
  }

  @Override
  public int getPhase() {
    // Last to start and first to stop: a control plane shutting down restarts nothing.
    return DEFAULT_PHASE;
  }

  /** One look at httpd: serving, dead, or alive but silent for too long. */
  @Override
  protected void check() {
    if (!server.isRunning()) {
      return;
    }
    Instant now = clock.instant();
    known = known.filter(pid -> Processes.live(pid).isPresent());
    if (known.isEmpty()) {
      known = server.parent();
    }
    if (known.isPresent() && probe.answers()) {
      unansweredSince = null;
      backoff.serving(now);
      status = status.serving(known.get());
      return;
    }
    String problem;
    if (known.isPresent()) {
      unansweredSince = unansweredSince == null ? now : unansweredSince;
      Instant since =
          unansweredSince.isAfter(server.lastReload()) ? unansweredSince : server.lastReload();
      problem = "httpd (pid %d) does not answer on the edge port".formatted(known.get());
      status = status.down(problem, backoff.delay());
      if (now.isBefore(since.plus(settings.unresponsiveAfter()))) {
        return;
      }
    } else {
      problem = "httpd is not running";
      status = status.down(problem, backoff.delay());
    }
    if (!now.isBefore(nextRestart)) {
      restart(problem);
    }
  }

  private void restart(String problem) {
    List<String> tail = errorLog.tail(20);
    var lastLines = String.join("\n  ", tail);
    Optional<Long> dead = known;
    try {
      Optional<Long> pid = server.restart(dead);
      if (pid.isEmpty()) {
        return;
      }
      started.increment();
      known = pid;
      unansweredSince = null;
      Duration wait = backoff.restarted();
      nextRestart = clock.instant().plus(wait);
      status = status.restarted(pid.get(), clock.instant(), wait);
      log.warn(
          "{}: started it again (pid {}), restart {} in a row; its error log ended with:\n  {}",
          problem,
          pid.get(),
          backoff.restarts(),
          lastLines);
      events.publishEvent(
          new EdgeRestarted(clock.instant(), problem, pid.get(), null, backoff.restarts(), tail));
    } catch (RoutingException e) {
      failed.increment();
      Duration wait = backoff.restarted();
      nextRestart = clock.instant().plus(wait);
      status = status.failed(problem + "; starting it again failed: " + e.getMessage(), wait);
      log.error(
          "{}: starting it again failed, next try in {}: {}; its error log ended with:\n  {}",
          problem,
          wait,
          e.getMessage(),
          lastLines);
      events.publishEvent(
          new EdgeRestarted(
              clock.instant(), problem, null, e.getMessage(), backoff.restarts(), tail));
    }
  }
}
