package dev.paddock.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.lifecycle.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The processes of a managed httpd, found by the configuration on their command line. */
public final class HttpdProcesses {

  private HttpdProcesses() {}

  /** Every process of the httpd whose data directory is {@code data}. */
  public static List<ProcessHandle> of(Path data) {
    String config = data.resolve("httpd/httpd.conf").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(config)).orElse(false))
        .toList();
  }

  /** SIGKILLs every one of them, as the kernel's OOM killer or an operator's mistake might. */
  public static void killAll(Path data) {
    List<ProcessHandle> httpd = of(data);
    assertThat(httpd).isNotEmpty();
    httpd.forEach(ProcessHandle::destroyForcibly);
    // Gone once dead: a zombie waits for pid 1 to reap it, which the recovery must not wait for.
    httpd.forEach(p -> assertThat(Processes.awaitExit(p, Duration.ofSeconds(10))).isTrue());
  }

  /**
   * Writes {@code script}: the reload command of an admin's httpd as the Helm chart's is, which
   * signals a running httpd and never starts a stopped one, so none outlives its test.
   *
   * @return {@code script}
   */
  public static Path reloadScript(Path script, Path pidFile, Path config) throws IOException {
    Files.writeString(
        script,
        """
        #!/bin/sh
        pid=$(cat %s 2>/dev/null) && kill -0 "$pid" 2>/dev/null || exit 1
        exec apache2 -f %s -k graceful
        """
            .formatted(pidFile, config));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
