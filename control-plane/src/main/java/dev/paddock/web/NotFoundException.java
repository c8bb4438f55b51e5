package dev.paddock.web;

/** A tenant, app, release or deploy that does not exist, or that belongs to another tenant. */
public class NotFoundException extends ApiException {

  public NotFoundException(String what, Object name) {
    super(ProblemType.NOT_FOUND, "%s '%s' not found".formatted(what, name));
  }
}
