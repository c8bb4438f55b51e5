package dev.paddock.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.lifecycle.Processes;
import java.nio.file.Path;
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
}
