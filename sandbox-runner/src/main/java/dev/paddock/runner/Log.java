package dev.paddock.runner;

/**
 * One-line log records on stdout and stderr, which the container runtime collects.
 *
 * <p>Deliberately no logging framework: the runner starts in every sandbox and must start fast.
 */
final class Log {

  private static final String PREFIX = "paddock-runner: ";

  private Log() {}

  static void info(String message) {
    System.out.println(PREFIX + message);
  }

  static void error(String message, Throwable cause) {
    System.err.println(PREFIX + message);
    if (cause != null) {
      cause.printStackTrace();
    }
  }
}
