package dev.paddock.routing.httpd;

import dev.paddock.lifecycle.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The processes of one managed httpd: its parent through the pid file, and every process whose
 * command line names its configuration, which finds workers left behind by a parent that died.
 */
record HttpdProcesses(HttpdLayout layout) {

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /** The parent's pid, if the pid file names a live process. */
  Optional<Long> parent() {
    try {
      if (!Files.exists(layout.pidFile())) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(layout.pidFile()).strip());
      return Processes.live(pid).map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      // Empty or half written while httpd rewrites it: no parent known at this instant.
      return Optional.empty();
    }
  }

  /** Every live process started with this httpd's configuration, parent and workers. */
  List<ProcessHandle> all() {
    String config = layout.mainConfig().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(config)).orElse(false))
        .toList();
  }

  /**
   * SIGKILLs every process of this httpd and waits for them to go (a zombie counts as gone), so
   * that a new httpd can bind the edge port. Idempotent.
   */
  void killAll() {
    List<ProcessHandle> processes = all();
    processes.forEach(ProcessHandle::destroyForcibly);
    processes.forEach(p -> Processes.awaitExit(p, KILL_WAIT));
  }
}
