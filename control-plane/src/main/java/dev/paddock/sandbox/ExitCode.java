package dev.paddock.sandbox;

/** Words for how a sandbox's process ended, from its exit code alone: the same for every driver. */
public final class ExitCode {

  private static final String[] SIGNALS = {
    "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
    "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"
  };

  private ExitCode() {}

  /**
   * "stopped by SIGTERM (exit code 143)", "killed by SIGKILL (exit code 137)" or "exited with code
   * 3". A code says nothing more: 3 is the JVM's exit on an OutOfMemoryError only when its own
   * message says so, which is for whoever reads the log to tell.
   */
  public static String describe(int exit) {
    if (exit > 128 && exit <= 128 + SIGNALS.length) {
      return "%s by %s (exit code %d)"
          .formatted(exit == 143 ? "stopped" : "killed", SIGNALS[exit - 129], exit);
    }
    return "exited with code %d".formatted(exit);
  }
}
