package dev.paddock.routing.httpd;

import java.time.Duration;
import java.util.Optional;

/**
 * How a managed httpd is started and signalled: as a process of the control plane's own ({@link
 * HostHttpd}) or in a container of its own user ({@link ContainerHttpd}).
 */
interface HttpdLauncher {

  /** The running httpd's parent, as a pid of the host. */
  Optional<Long> parent();

  /** The running httpd's parent, if it runs as this launcher would start it now. */
  default Optional<Long> adoptable() {
    return parent();
  }

  /** Starts httpd anew, after removing whatever is left of an earlier one. */
  void launch();

  /** Asks httpd to read its configuration again, gracefully. */
  void graceful();

  /** Kills every process of this httpd and waits for them to go. Idempotent. */
  void killAll();

  /** Stops httpd, waiting up to {@code patience} before killing what is left. */
  void terminate(Duration patience);
}
