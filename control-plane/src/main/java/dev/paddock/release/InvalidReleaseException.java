package dev.paddock.release;

import dev.paddock.web.ApiException;
import org.springframework.http.HttpStatus;

/** An upload that is not a jar Paddock can run; nothing of it is kept. */
class InvalidReleaseException extends ApiException {

  InvalidReleaseException(String detail) {
    super(HttpStatus.BAD_REQUEST, "invalid-release", "Invalid release", detail);
  }
}
