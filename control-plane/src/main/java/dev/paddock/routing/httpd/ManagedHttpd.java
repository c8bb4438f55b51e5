package dev.paddock.routing.httpd;

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
 * An httpd owned by Paddock, configured under the data dir, run as the control plane's own process
 * or in a container of its own user ({@link HttpdLauncher}). It outlives the control plane unless
 * told otherwise: a restarted control plane adopts the running httpd. Starting, reloading,
 * restarting and stopping are serialized, so the supervisor's restart never races a reload or an
 * intended stop.
 */
class ManagedHttpd implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ManagedHttpd.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final HttpdLayout layout;
  private final EdgeProperties edge;
  private final HttpdProperties httpd;
  private final HttpdLauncher launcher;
  private final Clock clock;
  private final Https https;
  private volatile boolean running;
  private volatile Instant lastReload = Instant.MIN;

  /** An httpd of the control plane's own user. */
  ManagedHttpd(HttpdLayout layout, HttpdProperties httpd, Clock clock, Https https) {
    this(layout, httpd, clock, https, new HostHttpd(layout, httpd));
  }

  ManagedHttpd(
      HttpdLayout layout, HttpdProperties httpd, Clock clock, Https https, HttpdLauncher launcher) {
    this.layout = layout;
    this.edge = https.edge();
    this.https = https;
    this.httpd = httpd;
    this.launcher = launcher;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    try {
      prepare();
      if (launcher.adoptable().isPresent()) {
        lastReload = clock.instant();
        launcher.graceful();
        log.info(
            "Adopted the running httpd (pid {}) on {}:{}",
            launcher.parent().orElse(0L),
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
    if (parent().isEmpty()) {
      launch();
    } else {
      launcher.graceful();
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
    Optional<Long> now = parent();
    if (now.isPresent() && !now.equals(dead)) {
      return Optional.empty();
    }
    launch();
    return parent();
  }

  /** When the last graceful reload was asked for: httpd may answer slowly while it reloads. */
  Instant lastReload() {
    return lastReload;
  }

  /** The running httpd's parent, as a pid of the host. */
  Optional<Long> parent() {
    return launcher.parent();
  }

  /** Kills every process of this httpd, whether or not it was stopped on purpose. */
  void killAll() {
    launcher.killAll();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (httpd.stopOnExit()) {
      launcher.terminate(STOP_WAIT);
    }
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

  /** Starts httpd and waits until its parent is seen. */
  private void launch() {
    launcher.launch();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (parent().isEmpty()) {
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
}
