package dev.paddock.sandbox;

import java.nio.file.Path;

/**
 * What a sandbox left where its socket should be is not something httpd may connect to: missing, a
 * link, a file, a FIFO, or a socket of another uid. The rollout fails with this reason; nothing was
 * put in front of httpd.
 */
public class UntrustedSocketException extends RuntimeException {

  private final Path path;

  public UntrustedSocketException(Path path, String reason, Throwable cause) {
    super("The sandbox's socket %s was refused: %s".formatted(path, reason), cause);
    this.path = path;
  }

  /** Where the sandbox's socket was expected. */
  public Path path() {
    return path;
  }
}
