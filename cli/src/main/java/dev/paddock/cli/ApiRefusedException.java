package dev.paddock.cli;

/** The control plane answered with an error; the message is its problem's {@code detail}. */
class ApiRefusedException extends RuntimeException {
  private final int status;

  ApiRefusedException(int status, String detail) {
    super(detail);
    this.status = status;
  }

  int status() {
    return status;
  }
}
