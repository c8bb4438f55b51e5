package dev.paddock.routing.httpd;

import dev.paddock.lifecycle.Processes;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * An httpd process owned by Paddock, configured under the data dir. It outlives the control plane
 * unless told otherwise: a restarted control plane adopts the running httpd through its pid file.
 * Starting, reloading, restarting and stopping are serialized, so the supervisor's restart never
 * races a reload or an intended stop.
 */
class ManagedHttpd implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ManagedHttpd.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final HttpdLayout layout;
  private final EdgeProperties edge;
  private final HttpdProperties httpd;
  private final HttpdProcesses processes;
  private final Clock clock;
  private final Https https;
  private volatile boolean running;
  private volatile Instant lastReload = Instant.MIN;

  ManagedHttpd(HttpdLayout layout, HttpdProperties httpd, Clock clock, Https https) {
    this.layout = layout;
    this.edge = https.edge();
    this.https = https;
    this.httpd = httpd;
    this.processes = new HttpdProcesses(layout);
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    try {
      prepare();
      if (pid().isPresent()) {
        lastReload = clock.instant();
        httpdCommand("graceful").runOrThrow("Reloading httpd");
        log.info(
            "Adopted the running httpd (pid {}) on {}:{}",
            pid().get(),
            edge.address(),
            edge.port());
      } else {
        launch();
        log.info("Started httpd on {}:{} ({})", edge.address(), edge.port(), layout.mainConfig());
      }
      running = true;
    } catch (IOException e) {
      throw new RoutingException("Cannot prepare httpd under " + layout.dir(), e);
    }
  }

  /**
   * Graceful reload: workers finish their requests; a broken config keeps the old one serving.
   * Starts nothing while httpd is stopped on purpose (a route sync that ends after the control
   * plane stopped, or a paused test context): the next start reads the configuration as it is then.
   */
  synchronized void reload() {
    if (!running) {
      log.debug("httpd is stopped; the new configuration is read when it starts");
      return;
    }
    lastReload = clock.instant();
    if (pid().isEmpty()) {
      launch();
    } else {
      httpdCommand("graceful").runOrThrow("Reloading httpd");
    }
  }

  /**
   * Starts httpd again from the last good configuration after it died or hung: kills whatever is
   * left of the httpd seen as {@code dead} (workers hold the edge port), then starts a new one.
   * Does nothing if httpd was stopped on purpose, or if another httpd has started since.
   *
   * @return the new httpd's pid, or empty when nothing was started
   * @throws RoutingException if httpd does not start; the edge stays down
   */
  synchronized Optional<Long> restart(Optional<Long> dead) {
    if (!running) {
      return Optional.empty();
    }
    Optional<Long> now = pid();
    if (now.isPresent() && !now.equals(dead)) {
      return Optional.empty();
    }
    launch();
    return pid();
  }

  /** When the last graceful reload was asked for: httpd may answer slowly while it reloads. */
  Instant lastReload() {
    return lastReload;
  }

  HttpdProcesses processes() {
    return processes;
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (httpd.stopOnExit()) {
      pid().flatMap(Processes::live).ifPresent(this::terminate);
    }
  }

  /**
   * SIGTERM, which is what {@code httpd -k stop} sends, without needing the configuration file that
   * command reads; what is left after {@link #STOP_WAIT} is killed.
   */
  private void terminate(ProcessHandle parent) {
    parent.destroy();
    if (!Processes.awaitExit(parent, STOP_WAIT)) {
      log.warn("httpd (pid {}) did not stop within {}; killing it", parent.pid(), STOP_WAIT);
    }
    processes.killAll();
    log.info("Stopped httpd (pid {})", parent.pid());
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Before the reconciler, which needs a running edge.
    return Integer.MIN_VALUE + 100;
  }

  private void prepare() throws IOException {
    layout.prepare();
    layout.prepareHttps(https);
    String empty = HttpdConfig.vhosts(List.of(), layout.errors(), https, Set.of());
    if (!Files.exists(layout.vhosts())) {
      Files.writeString(layout.vhosts(), empty);
    }
    Files.writeString(layout.mainConfig(), HttpdConfig.main(layout, httpd, layout.vhosts(), https));
    // The last routes were rendered for the last settings (HTTPS on or off): until the reconciler
    // renders them again, they must still pass with the new main configuration.
    var test = new Command(List.of(httpd.binary(), "-t", "-f", layout.mainConfig().toString()));
    if (!test.run().ok()) {
      log.warn("The last routes do not fit the new settings; httpd starts with none until synced");
      Files.writeString(layout.vhosts(), empty);
    }
  }

  /**
   * Starts httpd; it detaches itself, so it survives the control plane. What is left of an httpd
   * whose parent died goes first: its workers would keep the edge port, and its pid file, while the
   * dead parent waits to be reaped, would make {@code httpd -k start} believe it still runs.
   */
  private void launch() {
    processes.killAll();
    try {
      Files.deleteIfExists(layout.pidFile());
    } catch (IOException e) {
      throw new RoutingException("Cannot remove httpd's old pid file " + layout.pidFile(), e);
    }
    httpdCommand("start").runOrThrow("Starting httpd");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pid().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new RoutingException("httpd did not start: see " + layout.errorLog(), null);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RoutingException("Interrupted while starting httpd", e);
      }
    }
  }

  private Optional<Long> pid() {
    return processes.parent();
  }

  private Command httpdCommand(String signal) {
    return new Command(List.of(httpd.binary(), "-f", layout.mainConfig().toString(), "-k", signal));
  }
}
