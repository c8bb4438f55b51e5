package dev.paddock.sandbox;

/** The sandbox engine refused an operation or could not be reached. */
public class SandboxException extends RuntimeException {

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
