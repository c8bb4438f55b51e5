package dev.paddock.cli;

/** A command used in a way that cannot work: no context to talk to, a refusal to ask. */
class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
