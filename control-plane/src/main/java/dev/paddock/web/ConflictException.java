package dev.paddock.web;

/** A request that collides with what exists, such as a second app with the same name. */
public class ConflictException extends ApiException {

  public ConflictException(String detail) {
    super(ProblemType.CONFLICT, detail);
  }
}
