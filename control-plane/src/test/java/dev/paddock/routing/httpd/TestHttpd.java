package dev.paddock.routing.httpd;

import java.nio.file.Path;
import java.util.List;

/** Settings of a managed httpd the tests start as a process of their own: Debian's apache2. */
final class TestHttpd {

  private TestHttpd() {}

  /**
   * @param stopOnExit whether the control plane stops it when it stops
   */
  static HttpdProperties managed(boolean stopOnExit) {
    return new HttpdProperties(
        HttpdProperties.Mode.MANAGED,
        "apache2",
        Path.of("/usr/lib/apache2"),
        "www-data",
        stopOnExit,
        HttpdProperties.Mpm.EVENT,
        null,
        List.of("apache2ctl", "graceful"),
        HttpdProperties.Launch.PROCESS,
        10002,
        true);
  }
}
