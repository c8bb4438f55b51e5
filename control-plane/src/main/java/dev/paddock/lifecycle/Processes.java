package dev.paddock.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a process the control plane did not start itself still runs. {@link
 * ProcessHandle#isAlive()} also says yes for a zombie: a daemon that died (httpd, PostgreSQL) stays
 * one until its parent, usually pid 1, reaps it, which can take a second or never come when pid 1
 * does not reap. A supervisor that waited for that would restart nothing meanwhile.
 */
public final class Processes {

  private static final Duration POLL = Duration.ofMillis(10);

  private Processes() {}

  /** The live process with this pid, a zombie counting as gone. */
  public static Optional<ProcessHandle> live(long pid) {
    return ProcessHandle.of(pid).filter(Processes::alive);
  }

  /** Whether the process runs: alive, and not a zombie waiting to be reaped. */
  public static boolean alive(ProcessHandle process) {
    return process.isAlive() && !zombie(process.pid());
  }

  /**
   * Waits until the process has gone (a zombie counts as gone), at most {@code atMost}.
   *
   * @return whether it went
   */
  public static boolean awaitExit(ProcessHandle process, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (alive(process)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !alive(process);
      }
    }
    return true;
  }

  /** Linux's state letter, after the command name's closing parenthesis in /proc/pid/stat. */
  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      // No /proc (not Linux), or the process has just gone: isAlive() has the last word.
      return false;
    }
  }
}
