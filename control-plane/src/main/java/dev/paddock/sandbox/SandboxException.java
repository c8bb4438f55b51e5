package dev.paddock.sandbox;

import java.io.IOException;

/** The sandbox engine refused an operation or could not be reached. */
public class SandboxException extends RuntimeException {

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * What a call to an engine threw that is not the engine's own answer: the engine is unreachable
   * when an I/O error lies under it; anything else is a fault of this program, returned as it is so
   * that it is not mistaken for the engine's.
   */
  public static RuntimeException unreachableOr(String engine, String what, RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return new SandboxException(
            "%s is unreachable (%s): %s".formatted(engine, what, e.getMessage()), e);
      }
    }
    return e;
  }
}
