package dev.paddock.routing.httpd;

import dev.paddock.lifecycle.Processes;
import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * httpd as a process of the control plane's user: it detaches itself, so it survives the control
 * plane, and is found again through its pid file. As root its workers run as {@code
 * paddock.edge.httpd.user}.
 */
final class HostHttpd implements HttpdLauncher {

  private static final Logger log = LoggerFactory.getLogger(HostHttpd.class);

  private final HttpdLayout layout;
  private final HttpdProperties httpd;
  private final HttpdProcesses processes;

  HostHttpd(HttpdLayout layout, HttpdProperties httpd) {
    this.layout = layout;
    this.httpd = httpd;
    this.processes = new HttpdProcesses(layout);
  }

  @Override
  public Optional<Long> parent() {
    return processes.parent();
  }

  /**
   * What is left of an httpd whose parent died goes first: its workers would keep the edge port,
   * and its pid file, while the dead parent waits to be reaped, would make {@code httpd -k start}
   * believe it still runs.
   */
  @Override
  public void launch() {
    processes.killAll();
    try {
      Files.deleteIfExists(layout.pidFile());
    } catch (IOException e) {
      throw new RoutingException("Cannot remove httpd's old pid file " + layout.pidFile(), e);
    }
    command("start").runOrThrow("Starting httpd");
  }

  @Override
  public void graceful() {
    command("graceful").runOrThrow("Reloading httpd");
  }

  @Override
  public void killAll() {
    processes.killAll();
  }

  /**
   * SIGTERM, which is what {@code httpd -k stop} sends, without needing the configuration file that
   * command reads; what is left after {@code patience} is killed.
   */
  @Override
  public void terminate(Duration patience) {
    parent()
        .flatMap(Processes::live)
        .ifPresent(
            parent -> {
              parent.destroy();
              if (!Processes.awaitExit(parent, patience)) {
                log.warn(
                    "httpd (pid {}) did not stop within {}; killing it", parent.pid(), patience);
              }
              processes.killAll();
              log.info("Stopped httpd (pid {})", parent.pid());
            });
  }

  private Command command(String signal) {
    return new Command(List.of(httpd.binary(), "-f", layout.mainConfig().toString(), "-k", signal));
  }
}
