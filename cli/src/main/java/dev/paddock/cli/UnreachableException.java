package dev.paddock.cli;

/** The control plane could not be reached at all. */
class UnreachableException extends RuntimeException {
  UnreachableException(String url, Exception cause) {
    super("cannot reach " + url + ": " + cause, cause);
  }
}
