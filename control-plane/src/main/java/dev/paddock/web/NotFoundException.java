package dev.paddock.web;

import org.springframework.http.HttpStatus;

/** A tenant, app, release or deploy that does not exist, or that belongs to another tenant. */
public class NotFoundException extends ApiException {

  public NotFoundException(String what, Object name) {
    super(
        HttpStatus.NOT_FOUND, "not-found", "Not found", "%s '%s' not found".formatted(what, name));
  }
}
