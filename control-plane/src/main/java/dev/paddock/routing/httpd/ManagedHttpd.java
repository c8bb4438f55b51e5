package dev.paddock.routing.httpd;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * An httpd process owned by Paddock, configured under the data dir. It outlives the control plane
 * unless told otherwise: a restarted control plane adopts the running httpd through its pid file.
 */
class ManagedHttpd implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ManagedHttpd.class);

  private final HttpdLayout layout;
  private final EdgeProperties edge;
  private final HttpdProperties httpd;
  private volatile boolean running;

  ManagedHttpd(HttpdLayout layout, EdgeProperties edge, HttpdProperties httpd) {
    this.layout = layout;
    this.edge = edge;
    this.httpd = httpd;
  }

  @Override
  public void start() {
    try {
      prepare();
      if (pid().isPresent()) {
        reload();
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

  /** Graceful reload: workers finish their requests; a broken config keeps the old one serving. */
  void reload() {
    if (pid().isEmpty()) {
      launch();
    } else {
      httpdCommand("graceful").runOrThrow("Reloading httpd");
    }
  }

  @Override
  public void stop() {
    running = false;
    if (httpd.stopOnExit()) {
      pid()
          .ifPresent(
              pid -> {
                httpdCommand("stop").run();
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
                log.info("Stopped httpd (pid {})", pid);
              });
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
    if (!Files.exists(layout.vhosts())) {
      Files.writeString(layout.vhosts(), HttpdConfig.vhosts(List.of(), edge, layout.errors()));
    }
    Files.writeString(layout.mainConfig(), HttpdConfig.main(layout, edge, httpd, layout.vhosts()));
  }

  /** Starts httpd; it detaches itself, so it survives the control plane. */
  private void launch() {
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
    try {
      if (!Files.exists(layout.pidFile())) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(layout.pidFile()).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Command httpdCommand(String signal) {
    return new Command(List.of(httpd.binary(), "-f", layout.mainConfig().toString(), "-k", signal));
  }
}
